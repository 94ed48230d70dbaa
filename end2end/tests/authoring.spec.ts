import { expect, Page, test } from "@playwright/test";
import { answerRed, enrol, linkIn, signInStaff, waitForMails } from "../support/journey";
import { Running, startSmtpSink, startSvar } from "../support/svar";
import { readFileSync } from "node:fs";
import { join } from "node:path";

// A clinic admin changes the ear-tube follow-up without editing files:
// a new version with a question about balance and a rule that uses it,
// a type error shown while typing, a rule test, the dry-run on the
// clinic's past responses, publishing; then the next invitation asks the
// new question and the earlier response still shows the version it
// answered. The editing is done with the keyboard only. Its own Svar with
// a real SMTP server.
test.describe.configure({ mode: "serial" });

let smtp: Running;
let svar: Running;

test.beforeAll(async () => {
  smtp = await startSmtpSink();
  svar = await startSvar({ SVAR_SMTP_URL: smtp.url, SVAR_SCHEDULER_INTERVAL_SECS: "1" });
});

test.afterAll(async () => {
  await svar?.stop();
  await smtp?.stop();
});

const stamp = Date.now().toString().slice(-6);
const DRAFT = "/staff/authoring/questionnaire/ear_tubes_follow_up/2";

async function hydrated(page: Page, errors: string[] = []) {
  await expect(page.locator("html"), errors.join("\n")).toHaveAttribute("data-hydrated", "true");
}

/** Types into a field the way a keyboard user does: focus, clear, type. */
async function typeInto(page: Page, field: ReturnType<Page["locator"]>, text: string) {
  await field.focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
}

test("an admin publishes a new version with a new item and rule; new invitations use it, old responses keep theirs", async ({ page }) => {
  test.setTimeout(180_000);
  // The editor must hydrate cleanly: a client-side error stops the live checks.
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text().slice(0, 500));
  });
  page.on("pageerror", (e) => errors.push(e.message.slice(0, 500)));
  // A past response to version 1, answered by a parent.
  const earlierParent = `maria.au1.${stamp}@example.dk`;
  const earlierChild = `Ida Before ${stamp}`;
  const earlierPatient = await enrol(page, svar, earlierChild, earlierParent);
  const [first] = await waitForMails(smtp, earlierParent, 1);
  await answerRed(page, linkIn(first));

  // The admin starts version 2 from the questionnaires page.
  await page.getByRole("button", { name: "Log ud" }).click();
  await signInStaff(page, svar, "admin@demo-ent.example");
  await page.getByRole("link", { name: "Spørgeskemaer", exact: true }).click();
  await expect(page).toHaveURL(/\/staff\/authoring$/);
  await page.getByRole("button", { name: "Ny version: ear_tubes_follow_up" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${DRAFT}$`));
  await expect(page.locator(".version-state")).toContainText("kladde");
  await hydrated(page, errors);

  // A yes/no item on the first page, keyboard only.
  const addItem = page.locator("#add-item-0-form");
  await page.locator("details:has(#add-item-0-form) > summary").focus();
  await page.keyboard.press("Enter");
  await typeInto(page, addItem.getByLabel("Id (bruges i regler)"), "balance");
  await addItem.getByLabel("Type").selectOption("yes_no");
  const question = addItem.getByRole("group", { name: "Spørgsmål" });
  await typeInto(page, question.getByLabel("Dansk"), "Har barnet haft balanceproblemer?");
  await typeInto(page, question.getByLabel("Engelsk"), "Has the child had balance problems?");
  await addItem.getByRole("button", { name: "Tilføj spørgsmålet" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#item-balance")).toBeVisible();
  // The preview shows it as a parent will see it, in either language.
  await expect(page.locator(".phone-frame")).toContainText("Har barnet haft balanceproblemer?");
  await page.locator("#preview").getByRole("link", { name: "English" }).click();
  await expect(page.locator(".phone-frame")).toContainText("Has the child had balance problems?");
  await hydrated(page, errors);

  // A rule using it: the type error shows while typing, at its place.
  const addRule = page.locator("#add-rule-form");
  await typeInto(page, addRule.getByLabel("Id", { exact: true }), "balance_problems");
  await addRule.getByLabel("Niveau").selectOption("yellow");
  const when = addRule.getByLabel("Betingelse (regelsprog)");
  await typeInto(page, when, 'balance = "ja"');
  const problems = addRule.locator(".rule-problems");
  await expect(problems.locator(".rule-problem")).toBeVisible();
  // In the interface's language, from the engine's one catalogue.
  await expect(problems).toContainText("ja/nej");
  await expect(problems.locator("mark")).toBeVisible();
  await expect(when).toHaveAttribute("aria-invalid", "true");
  await typeInto(page, when, "balance = true");
  await expect(problems.locator(".rule-problem")).toHaveCount(0);
  const message = addRule.getByRole("group", { name: "Besked til klinikeren" });
  await typeInto(page, message.getByLabel("Dansk"), "Balanceproblemer: ring til forældrene");
  await typeInto(page, message.getByLabel("Engelsk"), "Balance problems: call the parents");
  await addRule.getByRole("button", { name: "Tilføj reglen" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#rule-balance_problems")).toBeVisible();
  await expect(page.locator("#check-summary")).toContainText("0 fejl");

  // A rule test: answers filled in as a parent would, and the flag they must raise.
  await page.getByRole("link", { name: "Tilføj regeltest" }).click();
  await typeInto(page, page.getByLabel("Testens navn"), "balance problems call for a call");
  await page.locator('input[name="balance"][value="yes"]').check();
  await page.getByLabel(/balance_problems/).check();
  await page.getByRole("button", { name: "Gem testen" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${DRAFT}#tests$`));
  const testRow = page.locator("#tests-table tr", { hasText: "balance problems call for a call" });
  await expect(testRow).toContainText("består");
  await expect(page.locator("#tests-table tr.failed")).toHaveCount(0);

  // The dry-run on the clinic's past responses, beside version 1.
  await page.getByRole("button", { name: "Kør prøvekørsel" }).click();
  await expect(page.locator("#dry-run-summary")).toContainText("1 tidligere svar fra 1 patient");
  await expect(page.locator("#dry-run-counts")).toContainText("rødt flag");

  // The diff with version 1 names the new item and rule.
  await page.getByLabel("Sammenlign med").selectOption("1");
  await page.getByRole("button", { name: "Vis ændringer" }).click();
  await expect(page.locator("#diff")).toContainText("balance");
  await expect(page.locator("#diff")).toContainText("balance_problems");

  // Publish.
  await page.getByRole("button", { name: "Udgiv v2" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".version-state")).toContainText("udgivet");
  await expect(page.locator(".version-state")).toContainText("i brug: v2");

  // The next invitation asks version 2's questions.
  const nextParent = `maria.au2.${stamp}@example.dk`;
  await enrol(page, svar, `Ida After ${stamp}`, nextParent);
  const [invitation] = await waitForMails(smtp, nextParent, 1);
  const phone = await page.context().browser()!.newContext({ viewport: { width: 375, height: 740 }, locale: "da-DK" });
  const p = await phone.newPage();
  await p.goto(linkIn(invitation));
  await p.getByRole("button", { name: "Start spørgeskemaet" }).click();
  await expect(p.getByText("Har barnet haft balanceproblemer?")).toBeVisible();
  await phone.close();

  // The earlier response still shows the version it answered.
  await page.goto(earlierPatient);
  await expect(page.locator(".response").first()).toContainText("Opfølgning efter dræn i ørerne (version 1)");
  expect(errors).toEqual([]);
});

test("the authoring pages work without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "da-DK" });
  const page = await context.newPage();
  await signInStaff(page, svar, "admin@demo-ent.example");
  await page.goto(`${svar.url}/staff/authoring`);
  await page.getByRole("button", { name: "Ny version: ear_tubes_follow_up" }).click();
  // Version 3 after the first test published 2 (2 when run on its own).
  await expect(page).toHaveURL(/\/staff\/authoring\/questionnaire\/ear_tubes_follow_up\/\d+$/);
  // A rule with an error is saved and the server's check shows it at the rule.
  const addRule = page.locator("#add-rule-form");
  await addRule.getByLabel("Id", { exact: true }).fill("typo");
  await addRule.getByLabel("Betingelse (regelsprog)").fill("balanse = true");
  const message = addRule.getByRole("group", { name: "Besked til klinikeren" });
  await message.getByLabel("Dansk").fill("x");
  await message.getByLabel("Engelsk").fill("x");
  await addRule.getByRole("button", { name: "Tilføj reglen" }).click();
  await expect(page.locator("#rule-typo .rule-problem")).toContainText("ukendt spørgsmål `balanse` i reglen `typo`");
  await expect(page.locator("#diagnostics")).toContainText(/ear_tubes_follow_up\.v\d+\.toml:\d+:\d+: ukendt spørgsmål `balanse` i reglen `typo`/);
  await expect(page.locator("#publish")).toContainText("Kan ikke udgives");
  await page.getByRole("button", { name: "Kassér kladden" }).click();
  await expect(page).toHaveURL(/\/staff\/authoring$/);
  await context.close();
});

// The editor, the import and `svar check` say the same things, in the
// admin's language: a file with two mistakes is refused with both, and
// the mistake made in the editor reads as the import says it.
test("the editor and the import show the same messages, in Danish and in English", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ locale: "da-DK" });
  const page = await context.newPage();
  await signInStaff(page, svar, "admin@demo-ent.example");
  const shipped = readFileSync(join(__dirname, "../../questionnaires/tonsil-recovery.toml"), "utf8");
  const firstRule = shipped.match(/\[\[rules\]\]\nid = "([a-z_]+)"\nlevel = "[a-z]+"\nwhen = '([a-z_]+)/);
  expect(firstRule, "the shipped file has a rule reading an item").not.toBeNull();
  const [, ruleId, itemId] = firstRule!;
  // Two mistakes: a missing English title, and a misspelt item in a rule.
  const broken = shipped
    .replace(/title = \{ da = ("[^"]*"), en = "[^"]*" \}/, "title = { da = $1 }")
    .replace(`when = '${itemId}`, `when = '${itemId}x`);
  expect(broken).not.toEqual(shipped);

  const importIt = async () => {
    await page.goto(`${svar.url}/staff/authoring`);
    await page.locator("#import-source").fill(broken);
    await page.locator("#import-source").locator("xpath=ancestor::form").locator("button[type=submit]").click();
    return page.locator("#import-problems li");
  };
  let problems = await importIt();
  await expect(problems.filter({ hasText: "den engelske oversættelse (`en`) mangler i feltet `title`" })).toHaveCount(1);
  const danish = `ukendt spørgsmål \`${itemId}x\` i reglen \`${ruleId}\``;
  await expect(problems.filter({ hasText: danish })).toHaveCount(1);

  // The same mistake made in the editor reads the same.
  await page.getByRole("button", { name: "Ny version: tonsil_recovery" }).click();
  await expect(page).toHaveURL(/\/staff\/authoring\/questionnaire\/tonsil_recovery\/\d+$/);
  const draft = page.url();
  await hydrated(page);
  const form = page.locator(`#rule-${ruleId}`);
  const when = form.getByLabel("Betingelse (regelsprog)");
  const condition = await when.inputValue();
  await typeInto(page, when, condition.replace(itemId, `${itemId}x`));
  await expect(form.locator(".rule-problem")).toContainText(danish);
  const editorDanish = (await form.locator(".rule-problem .field-error").innerText()).replace(/^Fejl: /, "");

  // In English, both say the English words.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const english = `unknown item \`${itemId}x\` in rule \`${ruleId}\``;
  const whenEn = form.getByLabel("Condition (rule language)");
  await typeInto(page, whenEn, condition.replace(itemId, `${itemId}x`) + " ");
  await expect(form.locator(".rule-problem")).toContainText(english);
  problems = await importIt();
  await expect(problems.filter({ hasText: "missing English translation (`en`) in field `title`" })).toHaveCount(1);
  await expect(problems.filter({ hasText: english })).toHaveCount(1);
  expect(editorDanish).toContain(danish);

  // Leave no draft behind.
  await page.goto(draft);
  await page.getByRole("button", { name: "Discard the draft" }).click();
  await expect(page).toHaveURL(/\/staff\/authoring$/);
  await context.close();
});

// The SMS texts count their parts as the admin types (hydrated, the same
// function that refuses a third part on saving), and the count is read
// out when the number of parts changes (a status region), not at every key.
test("an SMS text's parts are counted as it is typed", async ({ browser }) => {
  const context = await browser.newContext({ locale: "da-DK" });
  const page = await context.newPage();
  await signInStaff(page, svar, "admin@demo-ent.example");
  await page.goto(`${svar.url}/staff/authoring/mail`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const form = page.locator("#sms-invitation-da");
  const box = form.getByLabel("Tekst");
  const count = form.locator("#sms-invitation-da-cost");
  const status = form.getByRole("status");
  await expect(count).toContainText(": 1 sms.");
  await expect(status).toHaveText("1 sms");
  await box.fill("{clinic}: Svar senest {last_day} - tak: {link}");
  await expect(count).toContainText(": 1 sms.");
  // An en dash makes the whole text UCS-2: 70 characters a part.
  await box.fill("{clinic}: Svar senest {last_day} – tak: {link}");
  await expect(count).toContainText("sms-dele.");
  await expect(count).toContainText("Tegnet – gør en sms 70 tegn lang (67 pr. del).");
  await expect(status).toHaveText("2 sms-dele");
  await box.fill(`{clinic}: ${"Husk at svare på spørgeskemaet. ".repeat(8)}{link}`);
  await expect(count).toContainText("Det er for langt: højst 2 dele.");
  await expect(status).toHaveText("3 sms-dele: for langt");
  // Saving it anyway is refused, with the reason at the text and the text kept.
  await form.getByRole("button", { name: "Gem teksten" }).click();
  await expect(page.locator("#sms-invitation-da .field-error")).toContainText("bliver op til 3 sms-dele");
  await expect(page.locator("#sms-invitation-da-body")).toHaveValue(/Husk at svare på spørgeskemaet/);
  await context.close();
});
