// Steps of the patient journey shared by the journey and worklist specs.
import { expect, Page } from "@playwright/test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_PASSWORD, Running } from "./svar";

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Mails the SMTP server received for `address`, oldest first. */
export function mailsTo(smtp: Running, address: string): Mail[] {
  if (!existsSync(smtp.dir)) return [];
  return readdirSync(smtp.dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(smtp.dir, f), "utf8")) as Mail)
    .filter((m) => m.to.includes(address));
}

export async function waitForMails(smtp: Running, address: string, count: number): Promise<Mail[]> {
  await expect.poll(() => mailsTo(smtp, address).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(count);
  return mailsTo(smtp, address);
}

export function linkIn(mail: Mail): string {
  const match = mail.text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]+/);
  expect(match, `a personal link in: ${mail.text}`).not.toBeNull();
  return match![0];
}

/** An operation 32 days ago: the 1-month follow-up opened a few days ago,
 * and its 7-day reminder is still ahead. */
export function followUpIndexDate(): string {
  return new Date(Date.now() - 32 * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

export async function signInStaff(page: Page, svar: Running, email = "clinician@demo-ent.example") {
  await page.goto(`${svar.url}/staff/sign-in`);
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Adgangskode").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log ind" }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

/** A clinician enrols a child (the mother with a mobile number when
 * `mobile` is given); returns the patient page's address. */
export async function enrol(page: Page, svar: Running, child: string, parentEmail: string, mobile?: string): Promise<string> {
  await signInStaff(page, svar);
  await page.goto(`${svar.url}/staff/patients/new`);
  await page.getByLabel("Forløb", { exact: true }).selectOption("ear_tubes");
  await page.getByLabel(/Indeksdato/).fill(followUpIndexDate());
  await page.getByLabel("Navn", { exact: true }).first().fill(child);
  await page.getByLabel(/Fødselsdato/).fill("2021-04-17");
  const first = page.getByRole("group", { name: "Første der svarer" });
  await first.getByLabel("Navn", { exact: true }).fill("Maria Testesen");
  await first.getByLabel("E-mail", { exact: true }).fill(parentEmail);
  await first.getByLabel("Relation til patienten").selectOption("mother");
  if (mobile) await first.getByLabel("Mobilnummer (valgfrit)").fill(mobile);
  await page.getByRole("button", { name: "Tilmeld" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(child);
  return page.url();
}

/** The answers that make `persistent_discharge` (red) fire. */
export const RED: Record<string, string> = {
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
export async function answerAllPages(page: Page, javaScript: boolean) {
  for (let n = 0; n < 20 && new URL(page.url()).pathname === "/a"; n++) {
    await expect(page.getByText(/^Side \d+ af \d+$/)).toBeVisible();
    if (javaScript) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    for (const [name, value] of Object.entries(RED)) {
      const choice = page.locator(`input[name="${name}"][value="${value}"]`);
      if ((await choice.count()) > 0) {
        if (await choice.isVisible()) await choice.check();
        continue;
      }
      const field = page.locator(`input[name="${name}"]`);
      if ((await field.count()) > 0 && (await field.isVisible())) await field.fill(value);
    }
    if (javaScript && (await page.locator('input[name="discharge"]').count()) > 0) {
      // Conditions run in the browser: a follow-up question appears as soon as it applies.
      await expect(page.locator("#discharge_days")).toBeVisible();
    }
    await page.getByRole("button", { name: /^(Næste|Gennemse svar)$/ }).click();
    await expect(page).not.toHaveURL(/check=1/);
  }
  await expect(page).toHaveURL(/\/a\/review$/);
}

/** Opens the link in a fresh phone-sized browser context and answers so that a red rule fires. */
export async function answerRed(page: Page, link: string, javaScript = true) {
  const phone = await page.context().browser()!.newContext({
    javaScriptEnabled: javaScript,
    viewport: { width: 375, height: 740 },
    locale: "da-DK",
  });
  const p = await phone.newPage();
  await p.goto(link);
  await p.getByRole("button", { name: "Start spørgeskemaet" }).click();
  await expect(p).toHaveURL(/\/a$/);
  await answerAllPages(p, javaScript);
  await p.getByRole("button", { name: "Send svar" }).click();
  await expect(p.getByRole("heading", { name: "Tak for dine svar" })).toBeVisible();
  await phone.close();
}
