import { expect, test } from "@playwright/test";
import { answerRed, enrol, linkIn, mailsTo, signInStaff, waitForMails } from "../support/journey";
import { Running, startSmtpSink, startSvar } from "../support/svar";

// The specialist between consultations: the red flag from a parent's
// ear-tube answers is at the top of the worklist; the entry says why
// (the rule, the values, the answers that fired it) beside a score
// chart; "call in for a check-up" is recorded with a note; the entry
// leaves the worklist, the parent gets the message, and the audit log
// shows the view and the decision. Its own Svar with a real SMTP server.
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

test("a clinician sees the red flag first, understands it, decides, and the parent is told", async ({ page }) => {
  const parent = `maria.wl.${stamp}@example.dk`;
  const child = `Ida Worklist ${stamp}`;
  await enrol(page, svar, child, parent);
  const [invitation] = await waitForMails(smtp, parent, 1);
  await answerRed(page, linkIn(invitation));

  await signInStaff(page, svar);
  await page.getByRole("link", { name: "Arbejdsliste", exact: true }).click();
  const first = page.locator("#worklist tbody tr").first();
  await expect(first).toHaveClass(/urgency-red/);
  await expect(first).toContainText(child);
  await expect(first).toContainText("Rød");

  await first.getByRole("link", { name: child }).click();
  await expect(page.locator("#reasons li.flag-red")).toHaveAttribute("data-rule", "persistent_discharge");
  await expect(page.locator("#reasons")).toContainText("Fordi: Hvis ja: hvor længe varede det længste forløb med væske fra øret? Mere end 14 dage");
  await expect(page.locator("#answers tr.fired").first()).toBeVisible();
  await expect(page.locator("figure.score-chart svg").first()).toBeVisible();
  await expect(page.getByText("Besvaret af Maria Testesen")).toBeVisible();

  // Saved without an outcome: the entry again, at its own address, with the
  // note kept and the page still interactive (it hydrates cleanly).
  const entryUrl = page.url();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message.slice(0, 300)));
  // The refused page itself answers 422, which the browser logs; anything else is a fault.
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 422/.test(m.text())) errors.push(m.text().slice(0, 300));
  });
  await page.getByLabel("Note (kun for personalet)").fill("Skrevet før valget");
  await page.getByRole("button", { name: "Gem afgørelse" }).click();
  await expect(page.locator(".error-summary")).toContainText("Vælg hvad der skal ske.");
  expect(page.url()).toBe(entryUrl);
  await expect(page.getByLabel("Note (kun for personalet)")).toHaveValue("Skrevet før valget");
  await expect(page.locator("#reasons li.flag-red")).toBeVisible();
  expect(errors).toEqual([]);

  // Keyboard only: choose the outcome, write the note, tick the message, save.
  await page.getByLabel("Indkald til kontrol").focus();
  await page.keyboard.press("Space");
  await page.getByLabel("Note (kun for personalet)").fill("Tilbyd tid i næste uge");
  await page.getByLabel(/Send de svarende en besked/).check();
  await page.getByRole("button", { name: "Gem afgørelse" }).click();

  await expect(page).toHaveURL(/\/staff\/worklist\?decided=1$/);
  await expect(page.locator("#feedback")).toHaveText("Afgørelsen er gemt.");
  await expect(page.locator("#worklist tbody tr", { hasText: child })).toHaveCount(0);

  // The parent receives the message in Danish, without the staff note.
  await expect.poll(() => mailsTo(smtp, parent).length, { timeout: 20_000 }).toBe(2);
  const message = mailsTo(smtp, parent)[1];
  expect(message.subject).toBe("Besked fra Demo øre-næse-hals-klinik om Ida");
  expect(message.text).toContain("bestil en tid");
  expect(message.text).not.toContain("Tilbyd tid");

  // Decided entries are kept, with who decided.
  await page.goto(`${svar.url}/staff/worklist?status=closed`);
  await page.locator("#worklist tbody tr", { hasText: child }).getByRole("link").click();
  await expect(page.locator("#decision")).toContainText("Indkald til kontrol");
  await expect(page.locator("#decision")).toContainText("Tilbyd tid i næste uge");

  // The admin reads the view and the decision in the audit log.
  await page.getByRole("button", { name: "Log ud" }).click();
  await signInStaff(page, svar, "admin@demo-ent.example");
  await page.goto(`${svar.url}/staff/audit`);
  await expect(page.getByText("Så en sag på arbejdslisten").first()).toBeVisible();
  await expect(page.getByText("Traf en afgørelse").first()).toBeVisible();
});

test("the worklist works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "da-DK" });
  const page = await context.newPage();
  await signInStaff(page, svar);
  await page.goto(`${svar.url}/staff/worklist?status=closed`);
  await expect(page.locator("#worklist tbody tr").first()).toBeVisible();
  await page.getByLabel("Niveau", { exact: true }).selectOption("red");
  await page.getByRole("button", { name: "Vis" }).click();
  await expect(page).toHaveURL(/level=red/);
  await context.close();
});
