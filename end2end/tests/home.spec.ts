import { expect, test } from "@playwright/test";

test.describe("home page", () => {
  test("renders in Danish by default", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "da");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Svar – opfølgning hjemmefra");
    await expect(page.getByRole("button", { name: "Dansk" })).toHaveAttribute("aria-pressed", "true");
  });

  test("renders in English for an English browser", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Svar – follow-up at home");
    await context.close();
  });

  test("hydrates: switching language happens without a page load and is remembered", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    // A marker that a page load would wipe out.
    await page.evaluate(() => ((window as any).__still_same_page = true));

    await page.getByRole("button", { name: "English" }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Svar – follow-up at home");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    expect(await page.evaluate(() => (window as any).__still_same_page)).toBe(true);
    // The choice survives a reload (cookie set by the server function).
    await expect
      .poll(async () => (await page.context().cookies()).find((c) => c.name === "svar_lang")?.value)
      .toBe("en");
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Svar – follow-up at home");
  });

  test("works without JavaScript: the language switch posts a form", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Svar – opfølgning hjemmefra");

    await page.getByRole("button", { name: "English" }).click();

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Svar – follow-up at home");
    await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
    await context.close();
  });

  test("is usable with the keyboard: skip link then language switch", async ({ page }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Gå til indhold" })).toBeFocused();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Dansk" })).toBeFocused();
  });

  test("serves the client compressed and the health check", async ({ request }) => {
    const wasm = await request.get("/pkg/svar.wasm", { headers: { "accept-encoding": "gzip, br" } });
    expect(wasm.status()).toBe(200);
    expect(wasm.headers()["content-type"]).toBe("application/wasm");
    expect(["gzip", "br"]).toContain(wasm.headers()["content-encoding"]);
    const health = await request.get("/healthz");
    expect(await health.json()).toMatchObject({ status: "ok", database: "sqlite" });
  });
});
