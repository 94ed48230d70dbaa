import { expect, Page, test } from "@playwright/test";
import { RED, followUpIndexDate } from "../support/journey";
import { checkScreen } from "../support/screens";
import { ADMIN, signIn } from "../support/staff";

// Every staff screen reads as finished on a 360 px phone and on a desk:
// nothing wider than the window, no accessibility violation (axe-core,
// WCAG 2.2 AA), no internal code in the visible text, in Danish and in
// English. The data is real: a child enrolled through the form and a red
// response entered by phone, so the worklist, its entry and the patient
// page have something to show. `make screenshots` writes a picture of each.
// The respondent's pages get the same check in journey.spec.ts.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString().slice(-6);
const child = `Asta Skærm ${stamp}`;
let patientUrl = "";
let entryUrl = "";
let draftUrl = "";

/** Ids and values people must never read (the API test `labels.rs` has the same list). */
const CODES = [
  "ear_tubes_follow_up", "ear_tubes_baseline", "ear_tubes", "follow_up", "ear_symptoms", "hearing_speech",
  "persistent_discharge", "discharge_days", "more_14", "mother", "active", "index_date", "staff_phone", '{"',
];

async function noCodes(page: Page, name: string) {
  // `<code>` holds what is typed or recorded literally (the audit log's
  // references), not labels; everything else must be words.
  const text = await page.evaluate(() => {
    const codes = [...document.querySelectorAll<HTMLElement>("code")];
    const shown = codes.map((c) => c.style.display);
    codes.forEach((c) => (c.style.display = "none"));
    const visible = document.body.innerText;
    codes.forEach((c, i) => (c.style.display = shown[i]));
    return visible;
  });
  // Whole words only (`active` but not `inactive`); `{"` anywhere.
  const word = /[\p{L}\p{N}_]/u;
  const found = CODES.filter((c) => {
    const escaped = c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const before = word.test(c[0]) ? "(^|[^\\p{L}\\p{N}_])" : "";
    const after = word.test(c[c.length - 1]) ? "($|[^\\p{L}\\p{N}_])" : "";
    return new RegExp(`${before}${escaped}${after}`, "u").test(text);
  });
  expect(found, `${name} shows internal codes`).toEqual([]);
}

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage({ locale: "da-DK" });
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto("/staff/patients/new");
  await page.getByLabel("Forløb", { exact: true }).selectOption("ear_tubes");
  await page.getByLabel(/Indeksdato/).fill(followUpIndexDate());
  await page.getByLabel("Navn", { exact: true }).first().fill(child);
  await page.getByLabel(/Fødselsdato/).fill("2021-04-17");
  const first = page.getByRole("group", { name: "Første der svarer" });
  await first.getByLabel("Navn", { exact: true }).fill("Maria Skærmsen");
  await first.getByLabel("E-mail", { exact: true }).fill(`maria.screens.${stamp}@example.dk`);
  await first.getByLabel("Relation til patienten").selectOption("mother");
  await page.getByRole("button", { name: "Tilmeld" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(child);
  // Feedback: enrolled, and when the invitations come (not "none planned").
  await expect(page.getByText("Patienten er indskrevet.")).toBeVisible();
  patientUrl = new URL(page.url()).pathname;

  // A phone response that raises the red flag.
  await page.getByText("Indtast svar fra papir eller telefon").click();
  await page.getByRole("link", { name: "Opfølgning efter dræn i ørerne" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("I telefonen").check();
  for (const [name, value] of Object.entries(RED)) {
    const choice = page.locator(`input[name="${name}"][value="${value}"]`);
    if ((await choice.count()) > 0) await choice.check();
  }
  await page.getByRole("button", { name: "Gem svar" }).click();
  await expect(page).toHaveURL(new RegExp(`${patientUrl}`));
  await page.goto("/staff/worklist");
  const row = page.locator("#worklist tbody tr", { hasText: child });
  await row.getByRole("link", { name: child }).click();
  await expect(page.locator("#reasons")).toBeVisible();
  entryUrl = new URL(page.url()).pathname;

  // A draft, for the editor and the rule-test form (not the questionnaire
  // the authoring spec edits).
  await page.goto("/staff/authoring");
  await page.getByRole("button", { name: "Ny version: tonsil_recovery" }).click();
  await expect(page.locator(".version-state")).toContainText("kladde");
  draftUrl = new URL(page.url()).pathname;
  await page.close();
});

const pages = () => [
  ["staff home and overview", "/staff"],
  ["worklist", "/staff/worklist"],
  ["worklist, decided", "/staff/worklist?status=closed"],
  ["worklist entry", entryUrl],
  ["patients", "/staff/patients"],
  ["patient", patientUrl],
  ["response entry form", `${patientUrl}/enter/ear_tubes_follow_up`],
  ["new patient", "/staff/patients/new"],
  ["import", "/staff/import"],
  ["staff members", "/staff/members"],
  ["audit log", "/staff/audit"],
  ["password", "/staff/password"],
  ["authoring", "/staff/authoring"],
  ["mail texts", "/staff/authoring/mail"],
  ["questionnaire editor", "/staff/authoring/questionnaire/ear_tubes_follow_up/1"],
  ["draft editor", draftUrl],
  ["new rule test", `${draftUrl}/test`],
  ["pathway editor", "/staff/authoring/pathway/ear_tubes/1"],
];

for (const [width, height] of [[360, 740], [1280, 800]]) {
  test(`staff screens at ${width} px: fit, accessible, labels not codes, Danish and English`, async ({ browser }) => {
    test.setTimeout(300_000);
    const context = await browser.newContext({ viewport: { width, height }, locale: "da-DK" });
    const page = await context.newPage();
    await signIn(page, ADMIN);
    await expect(page).toHaveURL(/\/staff$/);
    for (const lang of ["da", "en"]) {
      if (lang === "en") {
        await page.goto("/staff");
        await page.getByRole("button", { name: "English" }).click();
        await expect(page.locator("html")).toHaveAttribute("lang", "en");
      }
      for (const [name, path] of pages()) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await checkScreen(page, `${name} (${lang})`);
        // Authoring is where ids are made (an admin names items and rules
        // there), and the import page lists the CSV file's column names.
        if (!path.startsWith("/staff/authoring") && path !== "/staff/import") await noCodes(page, `${name} (${lang})`);
      }
    }
    // Sign-in pages, signed out.
    const visitor = await browser.newContext({ viewport: { width, height }, locale: "da-DK" });
    const v = await visitor.newPage();
    for (const [name, path] of [
      ["home", "/"],
      ["staff sign-in", "/staff/sign-in"],
      ["forgot password", "/staff/forgot"],
      ["password reset without a link", "/staff/reset"],
      ["unknown personal link", "/p/unknown"],
      ["answering without a session", "/a"],
    ]) {
      await v.goto(path);
      await expect(v.locator("html")).toHaveAttribute("data-hydrated", "true");
      await checkScreen(v, name);
    }
    await visitor.close();
    await context.close();
  });
}

test("every action says it was done: a decision is saved", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto(entryUrl);
  await page.getByLabel("Indkald til kontrol").check();
  await page.getByRole("button", { name: "Gem afgørelse" }).click();
  await expect(page).toHaveURL(/\/staff\/worklist\?decided=1$/);
  await expect(page.locator("#feedback")).toHaveText("Afgørelsen er gemt.");
  await checkScreen(page, "worklist after a decision");
});
