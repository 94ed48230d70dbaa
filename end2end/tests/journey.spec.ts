import { expect, Page, test } from "@playwright/test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_PASSWORD, Running, startSmtpSink, startSvar } from "../support/svar";

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

let smtp: Running;
let svar: Running;

test.beforeAll(async () => {
  smtp = await startSmtpSink();
  svar = await startSvar({
    SVAR_SMTP_URL: smtp.url,
    SVAR_MAIL_FROM: "Svar <svar@demo-ent.example>",
    SVAR_TEST_CLOCK: "true",
    SVAR_SCHEDULER_INTERVAL_SECS: "1",
  });
});

test.afterAll(async () => {
  await svar?.stop();
  await smtp?.stop();
});

test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

const stamp = Date.now().toString().slice(-6);

interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Mails the SMTP server received for `address`, oldest first. */
function mailsTo(address: string): Mail[] {
  if (!existsSync(smtp.dir)) return [];
  return readdirSync(smtp.dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(smtp.dir, f), "utf8")) as Mail)
    .filter((m) => m.to.includes(address));
}

async function waitForMails(address: string, count: number): Promise<Mail[]> {
  await expect.poll(() => mailsTo(address).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(count);
  return mailsTo(address);
}

function linkIn(mail: Mail): string {
  const match = mail.text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]+/);
  expect(match, `a personal link in: ${mail.text}`).not.toBeNull();
  return match![0];
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** An operation 32 days ago: the 1-month follow-up opened a few days ago,
 * and its 7-day reminder is still ahead. */
function followUpIndexDate(): string {
  return isoDate(new Date(Date.now() - 32 * 24 * 3600 * 1000));
}

async function signInStaff(page: Page) {
  await page.goto(`${svar.url}/staff/sign-in`);
  await page.getByLabel("E-mail", { exact: true }).fill("clinician@demo-ent.example");
  await page.getByLabel("Adgangskode").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log ind" }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

/** A clinician enrols a child; returns the patient page's address. */
async function enrol(page: Page, child: string, parentEmail: string): Promise<string> {
  await signInStaff(page);
  await page.goto(`${svar.url}/staff/patients/new`);
  await page.getByLabel("Forløb", { exact: true }).selectOption("ear_tubes");
  await page.getByLabel(/Indeksdato/).fill(followUpIndexDate());
  await page.getByLabel("Navn", { exact: true }).first().fill(child);
  await page.getByLabel(/Fødselsdato/).fill("2021-04-17");
  const first = page.getByRole("group", { name: "Første der svarer" });
  await first.getByLabel("Navn", { exact: true }).fill("Maria Testesen");
  await first.getByLabel("E-mail", { exact: true }).fill(parentEmail);
  await first.getByLabel("Relation til patienten").selectOption("mother");
  await page.getByRole("button", { name: "Tilmeld" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(child);
  return page.url();
}

/** The answers that make `persistent_discharge` (red) fire. */
const RED: Record<string, string> = {
  discharge: "yes",
  discharge_days: "more_14",
  discharge_episodes: "once",
  drops_used: "yes",
  discharge_now: "no",
  discharge_blood: "no",
  behind_ear: "no",
  tube_seen: "no",
  ear_pain: "sometimes",
  fever: "rarely",
  hearing_concern: "never",
  speech_concern: "never",
  sleep_trouble: "rarely",
  mood: "rarely",
  unwell_now: "no",
  overall: "6",
  contact: "no",
};

/** Answers every page the way a parent does: what is on the page, then "Næste". */
async function answerAllPages(page: Page, javaScript: boolean) {
  for (let n = 0; n < 20 && new URL(page.url()).pathname === "/a"; n++) {
    await expect(page.getByText(/^Side \d+ af \d+$/)).toBeVisible();
    for (const [name, value] of Object.entries(RED)) {
      const choice = page.locator(`input[name="${name}"][value="${value}"]`);
      if ((await choice.count()) > 0) {
        if (await choice.isVisible()) await choice.check();
        continue;
      }
      const field = page.locator(`input[name="${name}"]`);
      if ((await field.count()) > 0 && (await field.isVisible())) await field.fill(value);
    }
    if (javaScript) {
      // Conditions run in the browser: a follow-up question appears as soon as it applies.
      if ((await page.locator('input[name="discharge"]').count()) > 0) {
        await expect(page.locator("#discharge_days")).toBeVisible();
      }
    }
    const next = page.getByRole("button", { name: /^(Næste|Gennemse svar)$/ });
    await next.click();
    await expect(page).not.toHaveURL(/check=1/);
  }
  await expect(page).toHaveURL(/\/a\/review$/);
}

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
    viewport: { width: 375, height: 740 },
    locale: "da-DK",
  });
  const p = await phone.newPage();
  const link = linkIn(mail);
  await p.goto(link);
  await expect(p.getByText("Demo øre-næse-hals-klinik beder dig besvare et spørgeskema")).toBeVisible();
  await p.getByRole("button", { name: "Start spørgeskemaet" }).click();
  await expect(p).toHaveURL(/\/a$/);
  expect(p.url()).not.toContain("/p/");
  if (javaScript) await expect(p.locator("html")).toHaveAttribute("data-hydrated", "true");

  // "Næste" with nothing answered: an error summary linked to the fields.
  await p.getByRole("button", { name: "Næste" }).click();
  await expect(p.locator(".error-summary")).toBeVisible();
  await expect(p.locator('.error-summary a[href="#discharge"]')).toBeVisible();

  await answerAllPages(p, javaScript);
  await expect(p.getByRole("heading", { name: "Gennemse dine svar" })).toBeVisible();
  await expect(p.getByText("Mere end 14 dage")).toBeVisible();
  await p.getByRole("button", { name: "Send svar" }).click();
  await expect(p.getByRole("heading", { name: "Tak for dine svar" })).toBeVisible();

  // Back and submit again: still one response.
  await p.goBack();
  if (new URL(p.url()).pathname === "/a/review") {
    const again = p.getByRole("button", { name: "Send svar" });
    if (await again.isVisible()) await again.click();
  }
  await phone.close();

  // The clinic sees the response and its red flag.
  await page.goto(staffPage);
  await expect(page.locator("#invitations tr[data-status=answered]")).toHaveCount(1);
  await expect(page.getByText("persistent_discharge")).toBeVisible();
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
  const week = await request.post(`${svar.url}/test/advance?days=6`);
  expect(week.ok()).toBeTruthy();
  const mails = await waitForMails(parent, 2);
  expect(mails[1].subject).toMatch(/^Påmindelse: spørgeskema om Ida/);
  expect(linkIn(mails[1])).not.toBe(linkIn(mails[0]));

  // The 14-day window has closed a week later.
  expect((await request.post(`${svar.url}/test/advance?days=8`)).ok()).toBeTruthy();
  await signInStaff(page);
  await page.goto(staffPage);
  await expect(page.locator("#invitations tr[data-status=missed]")).toHaveCount(1);
  await expect(page.locator("#invitations")).toContainText("Intet svar efter påmindelser");

  // The link now says the questionnaire is closed.
  await page.goto(linkIn(mails[0]));
  await expect(page.getByText("kan ikke længere besvares")).toBeVisible();
});
