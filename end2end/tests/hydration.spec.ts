import { expect, test } from "@playwright/test";
import { signIn } from "../support/staff";

// Every staff page hydrates without an error: a page whose browser-side
// data differs from what the server rendered (e.g. a value JSON cannot
// round-trip) breaks the client, and then navigation stops working.
for (const who of ["admin@demo-ent.example", "clinician@demo-ent.example"]) {
  test(`staff pages hydrate cleanly for ${who}`, async ({ page }) => {
    // Ten pages, each loaded and hydrated in turn: longer than one test's
    // default 30 s on two busy cores.
    test.setTimeout(120_000);
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text().slice(0, 300));
    });
    page.on("pageerror", (e) => errors.push(e.message.slice(0, 300)));
    await signIn(page, who);
    await expect(page).toHaveURL(/\/staff$/);
    const authoring = who.startsWith("admin")
      ? [
          "/staff/authoring",
          "/staff/authoring/mail",
          "/staff/authoring/questionnaire/ear_tubes_follow_up/1",
          "/staff/authoring/questionnaire/ear_tubes_follow_up/1?lang=en",
          "/staff/authoring/pathway/ear_tubes/1",
        ]
      : [];
    for (const path of ["/staff", "/staff/worklist", "/staff/worklist?status=closed", "/staff/patients", "/staff/patients/new", ...authoring]) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    }
    expect(errors).toEqual([]);
  });
}
