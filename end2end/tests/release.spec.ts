import { expect, Page, test } from "@playwright/test";
import { enrol as enrolOn, linkIn, signInStaff, waitForMails } from "../support/journey";
import { statSync } from "node:fs";
import { join } from "node:path";
import { ownSvar, root } from "../support/svar";

// What ships is what is tested: the release build (optimised server and
// wasm client, wasm-opt included) starts, and its client hydrates on every
// kind of page and does what only the client does: the language switch
// without a page load, a questionnaire's conditions as the parent answers,
// the editor's live rule check. A release client that fails to start (as
// one did, when an old wasm-opt broke its function table) leaves every page
// working as a plain form, so only a browser test on the release build
// notices. `make test` runs this spec after `cargo leptos build --release`
// with SVAR_RELEASE=1 and SVAR_BIN=target/release/svar.
test.skip(process.env.SVAR_RELEASE !== "1", "runs in the release phase of make test");
test.describe.configure({ mode: "serial" });

const own = ownSvar();

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message.slice(0, 300)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text().slice(0, 300));
  });
  return errors;
}

test("the release client hydrates the home page and switches language without a page load", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${own.svar.url}/`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const marker = await page.evaluate(() => ((window as unknown as { svarMarker: number }).svarMarker = 42));
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  // Still the same document: the client changed it, no form post reloaded it.
  expect(await page.evaluate(() => (window as unknown as { svarMarker?: number }).svarMarker)).toBe(marker);
  expect(errors).toEqual([]);
});

// `make test` runs `svar precompress` after the build, as a deployment
// does: Chromium gets the brotli copy made at the highest level, not one
// compressed per request, and the client starts from it (the other tests).
test("the release client is sent as its precompressed brotli copy", async ({ page }) => {
  const sent: { encoding?: string; length?: string }[] = [];
  page.on("response", (r) => {
    if (r.url().endsWith("/pkg/svar.wasm")) sent.push({ encoding: r.headers()["content-encoding"], length: r.headers()["content-length"] });
  });
  await page.goto(`${own.svar.url}/`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const copy = statSync(join(root, "target", "site", "pkg", "svar.wasm.br")).size;
  expect(sent[0]).toEqual({ encoding: "br", length: String(copy) });
});

test("the release client runs a questionnaire's conditions on the parent's phone", async ({ page }) => {
  const stamp = Date.now().toString().slice(-6);
  const parent = `release.${stamp}@example.dk`;
  await enrolOn(page, own.svar, `Ida Release ${stamp}`, parent);
  const [mail] = await waitForMails(own.smtp, parent, 1);

  const phone = await page.context().browser()!.newContext({ viewport: { width: 360, height: 740 }, locale: "da-DK" });
  const p = await phone.newPage();
  const errors = collectErrors(p);
  await p.goto(linkIn(mail));
  await expect(p.locator("html")).toHaveAttribute("data-hydrated", "true");
  await p.getByRole("button", { name: "Start spørgeskemaet" }).click();
  await expect(p).toHaveURL(/\/a$/);
  await expect(p.locator("html")).toHaveAttribute("data-hydrated", "true");
  // The follow-up question is hidden until "Ja", then shown by the client.
  await expect(p.locator("#discharge_days")).toBeHidden();
  await p.locator('input[name="discharge"][value="yes"]').check();
  await expect(p.locator("#discharge_days")).toBeVisible();
  expect(errors).toEqual([]);
  await phone.close();
});

test("the release client hydrates the staff pages and checks a rule as it is typed", async ({ page }) => {
  const errors = collectErrors(page);
  await signInStaff(page, own.svar, "admin@demo-ent.example");
  for (const path of ["/staff", "/staff/worklist", "/staff/patients", "/staff/authoring"]) {
    await page.goto(`${own.svar.url}${path}`);
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // A new draft, and a rule typed with a type error: the wasm engine says so at once.
  await page.getByRole("button", { name: "Ny version: ear_tubes_follow_up" }).click();
  await expect(page).toHaveURL(/\/staff\/authoring\/questionnaire\/ear_tubes_follow_up\/2$/);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const addRule = page.locator("#add-rule-form");
  const when = addRule.getByLabel("Betingelse (regelsprog)");
  await when.fill('discharge = "ja"');
  await when.press("End");
  await page.keyboard.type(" ");
  const problems = addRule.locator(".rule-problems");
  await expect(problems.locator(".rule-problem")).toBeVisible();
  await expect(when).toHaveAttribute("aria-invalid", "true");
  expect(errors).toEqual([]);
});
