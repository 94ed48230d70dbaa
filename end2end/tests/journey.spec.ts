import { expect, Page, test } from "@playwright/test";
import { answerAllPages, enrol as enrolOn, linkIn, signInStaff, waitForMails as waitOn } from "../support/journey";
import { checkScreen } from "../support/screens";
import { ownSvar } from "../support/svar";

// From enrolment to flag, as a parent lives it: the scheduler sends the
// invitation through a real SMTP server, the parent opens the link from
// the mail on a phone, answers the ear-tube follow-up so that a red rule
// fires, and the clinic sees the response and its flag. Once with
// JavaScript, once without; then a window runs out (the test clock moves,
// nobody sleeps) and a reminder and a no-response item appear.
//
// This spec runs its own Svar: its clock is moved forward, which must not
// disturb the other specs' server.
test.describe.configure({ mode: "serial" });

const own = ownSvar({ SVAR_TEST_CLOCK: "true" });

test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

const stamp = Date.now().toString().slice(-6);
const enrol = (page: Page, child: string, parent: string) => enrolOn(page, own.svar, child, parent);
const waitForMails = (parent: string, count: number) => waitOn(own.smtp, parent, count);

async function journey(page: Page, javaScript: boolean) {
  const child = `Ida ${javaScript ? "Js" : "Nojs"} ${stamp}`;
  const parent = `maria.${javaScript ? "js" : "nojs"}.${stamp}@example.dk`;
  const staffPage = await enrol(page, child, parent);

  // The scheduler (every second here) plans the invitations and mails the open one.
  const [mail] = await waitForMails(parent, 1);
  expect(mail.subject).toBe("Spørgeskema om Ida fra Demo øre-næse-hals-klinik");
  expect(mail.text).toContain("Kære Maria");
  expect(mail.text).not.toContain("Testesen");
  expect(mail.html).toContain("<a href=");

  // The parent's phone: a fresh browser context without the staff session.
  const phone = await page.context().browser()!.newContext({
    javaScriptEnabled: javaScript,
    viewport: { width: 360, height: 740 },
    locale: "da-DK",
  });
  const p = await phone.newPage();
  // Each respondent screen fits a 360 px phone and passes axe-core (which
  // needs JavaScript in the page, so only on the run with it).
  const screen = async (name: string) => {
    if (javaScript) await checkScreen(p, name);
  };
  const browserErrors: string[] = [];
  p.on("pageerror", (e) => browserErrors.push(e.message));
  p.on("console", (m) => {
    if (m.type() === "error") browserErrors.push(m.text());
  });
  const link = linkIn(mail);
  await p.goto(link);
  await expect(p.getByText("Demo øre-næse-hals-klinik beder dig besvare et spørgeskema")).toBeVisible();
  await screen("respondent landing");
  await p.getByRole("button", { name: "Start spørgeskemaet" }).click();
  await expect(p).toHaveURL(/\/a$/);
  expect(p.url()).not.toContain("/p/");
  // Danish and English on every page, also without JavaScript (the switch is a form).
  await p.getByRole("button", { name: "English" }).click();
  await expect(p.getByText(/^Page 1 of \d+$/)).toBeVisible();
  await expect(p.getByRole("button", { name: "Next" })).toBeVisible();
  await p.getByRole("button", { name: "Dansk" }).click();
  await expect(p.getByText(/^Side 1 af \d+$/)).toBeVisible();
  if (javaScript) await expect(p.locator("html")).toHaveAttribute("data-hydrated", "true");

  // "Næste" with nothing answered: an error summary linked to the fields.
  await p.getByRole("button", { name: "Næste" }).click();
  await expect(p.locator(".error-summary")).toBeVisible();
  await expect(p.locator('.error-summary a[href="#discharge"]')).toBeVisible();
  await screen("respondent question page with a mistake");

  await answerAllPages(p, javaScript);
  await expect(p.getByRole("heading", { name: "Gennemse dine svar" })).toBeVisible();
  await expect(p.getByText("Mere end 14 dage")).toBeVisible();
  await screen("respondent review");
  await p.getByRole("button", { name: "Send svar" }).click();
  await expect(p.getByRole("heading", { name: "Tak for dine svar" })).toBeVisible();
  // The red rule's advice, at once and before anything else: the worklist
  // is read in opening hours.
  const advice = p.getByRole("alert").filter({ hasText: "Vigtigt: gør dette nu" });
  await expect(advice).toBeVisible();
  await expect(advice).toContainText("Ring til klinikken i dag");
  await expect(p.getByText("dit barn får det værre")).toBeVisible();
  await screen("respondent receipt");
  // A copy of what was sent, as a file (the client router leaves the link alone).
  const download = p.waitForEvent("download");
  await p.getByRole("link", { name: "Hent en kopi af dine svar (PDF)" }).click();
  const copy = await download;
  expect(copy.suggestedFilename()).toMatch(/^svar-\d{4}-\d{2}-\d{2}\.pdf$/);
  expect(await copy.failure()).toBeNull();

  // Back and submit again: still one response.
  await p.goBack();
  if (new URL(p.url()).pathname === "/a/review") {
    const again = p.getByRole("button", { name: "Send svar" });
    if (await again.isVisible()) await again.click();
  }
  expect(browserErrors, "the questionnaire pages hydrate and run without errors").toEqual([]);
  await phone.close();

  // The clinic sees the response and its red flag.
  await page.goto(staffPage);
  await expect(page.locator("#invitations tr[data-status=answered]")).toHaveCount(1);
  await expect(page.locator('#responses .flag-red[data-rule="persistent_discharge"]')).toBeVisible();
  await expect(page.getByText("besvaret af patient/pårørende")).toHaveCount(1);
}

test("with JavaScript: invitation mail, answering on a phone, red flag", async ({ page }) => {
  await journey(page, true);
});

test("without JavaScript: the same journey with plain form posts", async ({ page }) => {
  await journey(page, false);
});

test("nobody answers: a reminder, then a no-response item when the window closes", async ({ page, request }) => {
  const parent = `maria.late.${stamp}@example.dk`;
  const staffPage = await enrol(page, `Ida Sen ${stamp}`, parent);
  await waitForMails(parent, 1);

  // The 7-day reminder is at most 6 days ahead.
  const week = await request.post(`${own.svar.url}/test/advance?days=6`);
  expect(week.ok()).toBeTruthy();
  const mails = await waitForMails(parent, 2);
  expect(mails[1].subject).toMatch(/^Påmindelse: spørgeskema om Ida/);
  expect(linkIn(mails[1])).not.toBe(linkIn(mails[0]));

  // The 14-day window has closed a week later.
  expect((await request.post(`${own.svar.url}/test/advance?days=8`)).ok()).toBeTruthy();
  await signInStaff(page, own.svar);
  await page.goto(staffPage);
  await expect(page.locator("#invitations tr[data-status=missed]")).toHaveCount(1);
  await expect(page.locator("#invitations")).toContainText("Intet svar efter påmindelser");

  // The link now says the questionnaire is closed.
  await page.goto(linkIn(mails[0]));
  await expect(page.getByText("kan ikke længere besvares")).toBeVisible();
});
