import { expect, test } from "@playwright/test";
import { ADMIN, OTHER_CLINIC_CLINICIAN, signIn, signOut } from "../support/staff";

// One story, in order: what an admin does on a new installation, and what
// a clinician of another clinic can (not) see afterwards.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString().slice(-6);
const clinicianEmail = `kliniker${stamp}@demo-ent.example`;
const childName = `Ida Testesen ${stamp}`;
let patientUrl = "";

test("staff pages require sign-in, and a wrong password says nothing more", async ({ page }) => {
  await page.goto("/staff/patients");
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  await signIn(page, ADMIN, "not the password");
  // The page again: one message beside the address, which is kept.
  await expect(page.getByRole("alert")).toContainText("Forkert e-mail eller adgangskode.");
  await expect(page.locator("#email-error")).toHaveText("Forkert e-mail eller adgangskode.");
  await expect(page.getByLabel("E-mail")).toHaveValue(ADMIN);
  await expect(page.getByLabel("Adgangskode")).toHaveValue("");
  await signIn(page, "nobody@nowhere.example", "not the password");
  await expect(page.getByRole("alert")).toContainText("Forkert e-mail eller adgangskode.");
});

test("an admin creates a clinician", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page.locator(".clinic-name")).toHaveText("Demo øre-næse-hals-klinik");
  await page.getByRole("link", { name: "Personale", exact: true }).click();
  await page.getByLabel("Navn", { exact: true }).fill("Kirsten Kliniker");
  await page.getByLabel("E-mail", { exact: true }).fill(clinicianEmail);
  await page.getByLabel("Rolle").selectOption("clinician");
  await page.getByLabel(/Midlertidig adgangskode/).fill("midlertidig-123");
  await page.getByRole("button", { name: "Opret" }).click();
  await expect(page.getByRole("status")).toContainText("Kirsten Kliniker er oprettet som kliniker");
  await expect(page.locator("#staff-list")).toContainText(clinicianEmail);

  // The new clinician must choose their own password first.
  await signOut(page);
  await signIn(page, clinicianEmail, "midlertidig-123");
  // Told why, and taken on to where they were going afterwards.
  await expect(page).toHaveURL(/\/staff\/password\?required=1&next=\/staff$/);
  await expect(page.locator("#why-password")).toContainText("den, du fik tilsendt, var midlertidig");
  await page.getByLabel("Nuværende adgangskode").fill("midlertidig-123");
  await page.getByLabel("Ny adgangskode", { exact: true }).fill("kirstens-egen-kode");
  await page.getByLabel("Gentag ny adgangskode").fill("kirstens-egen-kode");
  await page.getByRole("button", { name: "Skift" }).click();
  await expect(page).toHaveURL(/\/staff$/);
});

test("an admin enrols a child with two parents; a mistake is shown without losing the form", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/staff/patients/new");
  await page.getByLabel("Forløb", { exact: true }).selectOption("ear_tubes");
  await page.getByLabel(/Indeksdato/).fill("2026-12-03");
  await page.getByLabel("Navn", { exact: true }).first().fill(childName);
  await page.getByLabel(/Fødselsdato/).fill("2021-04-17");
  const first = page.getByRole("group", { name: "Første der svarer" });
  await first.getByLabel("Navn", { exact: true }).fill("Maria Testesen");
  await first.getByLabel("E-mail", { exact: true }).fill(`maria${stamp}@example.dk`);
  await first.getByLabel("Relation til patienten").selectOption("mother");
  const second = page.getByRole("group", { name: "Anden der svarer (valgfri)" });
  await second.getByLabel("Navn", { exact: true }).fill("Peter Testesen");
  await second.getByLabel("E-mail", { exact: true }).fill("not-an-email");
  await second.getByLabel("Relation til patienten").selectOption("father");
  await page.getByRole("button", { name: "Tilmeld" }).click();

  // Refused: the error summary links to the field, and everything typed is kept.
  await expect(page.locator(".error-summary")).toBeVisible();
  await expect(page.locator("#respondent2_email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#name")).toHaveValue(childName);
  await expect(page.locator("#respondent1_email")).toHaveValue(`maria${stamp}@example.dk`);

  await page.locator("#respondent2_email").fill(`peter${stamp}@example.dk`);
  await page.getByRole("button", { name: "Tilmeld" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(childName);
  await expect(page.locator("#feedback")).toContainText("Patienten er indskrevet");
  await expect(page.locator("#respondents")).toContainText("Maria Testesen");
  await expect(page.locator("#respondents")).toContainText("Peter Testesen");
  // Labels, not codes: the pathway's title, the relation, dates as Danes write them.
  await expect(page.locator("#enrolments")).toContainText("Dræn i ørerne");
  await expect(page.locator("#enrolments")).toContainText("3. dec. 2026");
  await expect(page.locator("#respondents")).toContainText("Mor");
  patientUrl = new URL(page.url()).pathname;

  // The operation is moved: the index date changes and the change is kept.
  await page.getByLabel("Ny indeksdato").fill("2026-12-08");
  await page.getByRole("button", { name: "Flyt" }).click();
  await expect(page.locator("#enrolments")).toContainText("8. dec. 2026");
  await expect(page.locator("#enrolment-history")).toContainText("Indeksdato flyttet fra 3. dec. 2026 til 8. dec. 2026");
});

test("an admin imports five more from CSV after the preview rejects one row with its reason", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/staff/import");
  const header = "name;date_of_birth;index_date;respondent1_name;respondent1_email;respondent1_relation";
  const good = [1, 2, 3, 4, 5].map(
    (n) => `Barn ${stamp}-${n};2020-0${n}-1${n};2026-12-1${n};Forælder ${n};foraelder${n}.${stamp}@example.dk;mother`,
  );
  const bad = `Barn ${stamp}-6;2035-01-01;2026-12-16;Forælder 6;foraelder6.${stamp}@example.dk;mother`;
  await page.getByLabel("Forløb", { exact: true }).selectOption("ear_tubes");
  await page.getByLabel(/CSV-indhold/).fill([header, ...good, bad].join("\n"));
  await page.getByRole("button", { name: "Vis forhåndsvisning" }).click();

  await expect(page.getByRole("status")).toContainText("1 problem(er) skal rettes. Intet er gemt.");
  const badRow = page.locator("#import-preview tr.row-problem");
  await expect(badRow).toHaveCount(1);
  await expect(badRow).toContainText("7"); // line 7 of the file
  await expect(badRow).toContainText("date_of_birth");
  await expect(page.getByRole("button", { name: "Importér alle" })).toHaveCount(0);

  // Leave out the bad row and import the rest.
  await page.getByLabel(/CSV-indhold/).fill([header, ...good].join("\n"));
  await page.getByRole("button", { name: "Vis forhåndsvisning" }).click();
  await expect(page.getByRole("status")).toContainText("5 rækker er klar til import.");
  await page.getByRole("button", { name: "Importér alle" }).click();
  await expect(page.getByRole("status")).toContainText("5 patienter er tilmeldt.");

  await page.goto("/staff/patients");
  await expect(page.locator("#patient-list tbody tr", { hasText: stamp })).toHaveCount(6);
});

test("a clinician enters a phone response; the browser shows follow-up questions as answered; a red flag is explained", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto(patientUrl);
  await page.getByText("Indtast svar fra papir eller telefon").click();
  await page.getByRole("link", { name: "Opfølgning efter dræn i ørerne" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("I telefonen").check();

  // The condition runs in the browser (the shared engine in wasm).
  await expect(page.locator("#discharge_days")).toBeHidden();
  await page.locator("#discharge").getByLabel("Ja").check();
  await expect(page.locator("#discharge_days")).toBeVisible();

  await page.locator("#discharge_days").getByLabel("Mere end 14 dage").check();
  await page.locator("#discharge_episodes").getByLabel("Én gang").check();
  for (const id of ["drops_used"]) await page.locator(`#${id}`).getByLabel("Ja").check();
  for (const id of ["discharge_now", "discharge_blood", "behind_ear", "unwell_now", "contact"]) {
    await page.locator(`#${id}`).getByLabel("Nej").check();
  }
  await page.locator("#tube_seen").getByLabel("Nej").check();
  for (const id of ["ear_pain", "fever", "hearing_concern", "speech_concern", "sleep_trouble", "mood"]) {
    await page.locator(`#${id}`).getByLabel("Sjældent").check();
  }
  await page.locator("#overall").getByLabel("7", { exact: true }).check();
  await page.getByRole("button", { name: "Gem svar" }).click();

  await expect(page).toHaveURL(patientUrl);
  const response = page.locator("#responses .response").first();
  await expect(response).toContainText("Opfølgning efter dræn i ørerne");
  await expect(response).toContainText("indtastet under telefonsamtale");
  await expect(response.locator(".flag-red")).toHaveAttribute("data-rule", "persistent_discharge");
  await expect(response.locator(".flag-red")).toContainText("Rød");
  await expect(response.locator(".flag-red")).toContainText("Mere end 14 dage");
});

test("staff pages work without JavaScript: sign in, list, and a refused form keeps what was typed", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "da-DK" });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await expect(page.locator(".clinic-name")).toHaveText("Demo øre-næse-hals-klinik");
  await page.getByRole("link", { name: "Patienter" }).click();
  await expect(page.locator("#patient-list")).toContainText(childName);

  await page.goto("/staff/patients/new");
  await page.locator("#name").fill("Uden Javascript");
  await page.getByRole("button", { name: "Tilmeld" }).click();
  await expect(page.locator(".error-summary")).toBeVisible();
  await expect(page.locator("#name")).toHaveValue("Uden Javascript");
  await context.close();
});

test("a clinician of another clinic sees none of them", async ({ page }) => {
  await signIn(page, OTHER_CLINIC_CLINICIAN);
  await expect(page.locator(".clinic-name")).toHaveText("Demo hjerteklinik");
  await page.goto("/staff/patients");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Patienter");
  await expect(page.locator("body")).not.toContainText(stamp);
  expect(patientUrl).not.toBe("");
  await page.goto(patientUrl);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Patienten findes ikke");
  await expect(page.locator("body")).not.toContainText(childName);
  // Clinicians have no admin pages.
  await expect(page.getByRole("link", { name: "Adgangslog" })).toHaveCount(0);
});

test("the admin finds the views and the enrolment in the audit log", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/staff/audit");
  await page.getByLabel("Patient").selectOption({ label: childName });
  await page.getByRole("button", { name: "Vis" }).click();
  const log = page.locator("#audit-log");
  await expect(log.locator('tr[data-action="enrolment.create"]').first()).toContainText("Indskrev en patient");
  await expect(log.locator('tr[data-action="patient.view"]').first()).toContainText("Så patientens side");
  await expect(log).toContainText("Anne Andersen");
});
