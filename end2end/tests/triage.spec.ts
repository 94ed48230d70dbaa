import { APIRequestContext, expect, Page, test } from "@playwright/test";
import { answerAllPages, enrol as enrolOn, linkIn, signInStaff, waitForMails as waitOn } from "../support/journey";
import { checkScreen } from "../support/screens";
import { ownSvar } from "../support/svar";

// Triage that does not wait for a button. A parent answers every page of
// the ear-tube follow-up on a phone without JavaScript, one answer red
// (discharge for more than 14 days), and never presses "Send svar". When
// the window closes (the test clock moves), the clinic's worklist shows a
// red entry marked as never sent, with the red rule's reason, and the
// entry names the saved answers that made it red.
//
// This spec runs its own Svar with a test clock, like the journey spec.
test.describe.configure({ mode: "serial" });

const own = ownSvar({ SVAR_TEST_CLOCK: "true" });

const stamp = Date.now().toString().slice(-6);

test("answers saved but never sent reach the worklist as red when the window closes", async ({ page, request }) => {
  const child = `Ida Ugemt ${stamp}`;
  const parent = `maria.unsent.${stamp}@example.dk`;
  await enrolOn(page, own.svar, child, parent);
  const [mail] = await waitOn(own.smtp, parent, 1);

  const phone = await page.context().browser()!.newContext({
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    locale: "da-DK",
  });
  const p = await phone.newPage();
  await p.goto(linkIn(mail));
  await p.getByRole("button", { name: "Start spørgeskemaet" }).click();
  await answerAllPages(p, false);
  await expect(p.getByRole("heading", { name: "Gennemse dine svar" })).toBeVisible();
  // The parent puts the phone away: nothing is sent.
  await phone.close();

  // The 14-day window closes (the scheduler runs with the move).
  expect((await request.post(`${own.svar.url}/test/advance?days=15`)).ok()).toBeTruthy();
  await signInStaff(page, own.svar);
  await page.goto(`${own.svar.url}/staff/worklist`);
  const row = page.locator("tr.urgency-red", { hasText: child });
  await expect(row).toContainText("Ikke sendt");
  await expect(row).toContainText("Væske fra øret");
  await row.getByRole("link", { name: child }).click();
  await expect(page.getByText("Svarene blev gemt, men aldrig sendt")).toBeVisible();
  const flag = page.locator('#reasons .flag-red[data-rule="persistent_discharge"]');
  await expect(flag).toBeVisible();
  await expect(flag).toContainText("Mere end 14 dage");
});

/** The date on the clinic's calendar (Europe/Copenhagen) at the server's
 * clock, which the first test moved on. Within a quarter of an hour of the
 * clinic's midnight the clock is first moved past it, so the date cannot
 * change while the test enrols. */
async function clinicToday(request: APIRequestContext): Promise<Date> {
  const read = async () => {
    const clock = await request.post(`${own.svar.url}/test/advance`);
    expect(clock.ok()).toBeTruthy();
    return new Date((await clock.json()).now);
  };
  let now = await read();
  const [hour, minute] = now
    .toLocaleTimeString("sv-SE", { timeZone: "Europe/Copenhagen", hour12: false })
    .split(":")
    .map(Number);
  if (hour === 23 && minute >= 45) {
    expect((await request.post(`${own.svar.url}/test/advance?hours=1`)).ok()).toBeTruthy();
    now = await read();
  }
  return new Date(`${now.toLocaleDateString("sv-SE", { timeZone: "Europe/Copenhagen" })}T12:00:00Z`);
}

/** Moves the server's clock to 07:00 on the clinic's calendar if it is
 * earlier, so today's invitations have gone out whatever the hour the
 * test runs at (a run in the night found no mail). Returns the clinic's
 * date. */
async function afterSevenToday(request: APIRequestContext): Promise<Date> {
  const today = await clinicToday(request);
  const clock = await request.post(`${own.svar.url}/test/advance`);
  const now = new Date((await clock.json()).now);
  const hour = Number(now.toLocaleTimeString("sv-SE", { timeZone: "Europe/Copenhagen", hour12: false }).split(":")[0]);
  if (hour < 7) {
    expect((await request.post(`${own.svar.url}/test/advance?hours=${7 - hour}`)).ok()).toBeTruthy();
  }
  return today;
}

/** A clinician enrols an adult in heart-failure monitoring from today on
 * the clinic's calendar: the daily report is open from 07:00 to midnight,
 * and the clock is past 07:00. */
async function enrolHeartFailure(page: Page, request: APIRequestContext, name: string, email: string) {
  const today = await afterSevenToday(request);
  await signInStaff(page, own.svar);
  await page.goto(`${own.svar.url}/staff/patients/new`);
  await page.getByLabel("Forløb", { exact: true }).selectOption("heart_failure");
  await page.getByLabel(/Indeksdato/).fill(today.toISOString().slice(0, 10));
  await page.getByLabel("Navn", { exact: true }).first().fill(name);
  await page.getByLabel(/Fødselsdato/).fill("1948-03-03");
  const first = page.getByRole("group", { name: "Første der svarer" });
  await first.getByLabel("Navn", { exact: true }).fill(name);
  await first.getByLabel("E-mail", { exact: true }).fill(email);
  await first.getByLabel("Relation til patienten").selectOption("self");
  await page.getByRole("button", { name: "Tilmeld" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  return today;
}

// A typo is caught without refusing a real value: 182 kg where 40 to 180
// is expected asks "Is that right?" before it is accepted. Without
// JavaScript the server asks after "Next"; with it the question appears as
// soon as the field is left. Either way, ticking it lets the answer through.
for (const javaScript of [false, true]) {
  test(`an unusual weight is confirmed before it is accepted (${javaScript ? "with" : "without"} JavaScript)`, async ({ page, request }) => {
    const name = `Bent ${javaScript ? "Js" : "Nojs"} ${stamp}`;
    const email = `bent.${javaScript ? "js" : "nojs"}.${stamp}@example.dk`;
    await enrolHeartFailure(page, request, name, email);
    const [mail] = await waitOn(own.smtp, email, 1);
    const phone = await page.context().browser()!.newContext({
      javaScriptEnabled: javaScript,
      viewport: { width: 360, height: 740 },
      locale: "da-DK",
    });
    const p = await phone.newPage();
    await p.goto(linkIn(mail));
    await p.getByRole("button", { name: "Start spørgeskemaet" }).click();
    if (javaScript) await expect(p.locator("html")).toHaveAttribute("data-hydrated", "true");
    const weight = p.getByLabel(/Din vægt i morges/);
    await weight.fill("182");
    await weight.press("Tab");
    for (const [item, value] of [
      ["breathless", "no_more_than_usual"],
      ["breathless_lying", "no"],
      ["swelling", "none"],
      ["chest_pain", "no"],
      ["palpitations", "no"],
      ["dizzy", "no"],
      ["icd_shock", "no_icd"],
      ["contact", "no"],
    ]) {
      await p.locator(`input[name="${item}"][value="${value}"]`).check();
    }
    const question = p.locator(".q-confirm").getByText("Du har skrevet 182 kg. Er det rigtigt?");
    const tick = p.getByLabel("Ja, 182 kg er rigtigt");
    if (javaScript) {
      // Asked at once, before anything is posted.
      await expect(question).toBeVisible();
      await expect(p).not.toHaveURL(/check=1/);
      await checkScreen(p, "respondent confirming an unusual number");
    } else {
      await p.getByRole("button", { name: "Gennemse svar" }).click();
      await expect(p).toHaveURL(/check=1/);
      await expect(p.getByRole("alert")).toContainText("Din vægt i morges");
      await expect(question).toBeVisible();
      await expect(weight).toHaveValue("182");
    }
    if (javaScript) {
      // A tick is for the number it was given for: changing it takes the tick away.
      await tick.check();
      await weight.fill("183");
      await weight.press("Tab");
      await expect(p.getByLabel("Ja, 183 kg er rigtigt")).not.toBeChecked();
      await weight.fill("182");
      await weight.press("Tab");
    }
    await tick.check();
    await p.getByRole("button", { name: "Gennemse svar" }).click();
    await expect(p.getByRole("heading", { name: "Gennemse dine svar" })).toBeVisible();
    await expect(p.getByText("182 kg")).toBeVisible();
    await p.getByRole("button", { name: "Send svar" }).click();
    await expect(p.getByRole("heading", { name: "Tak for dine svar" })).toBeVisible();
    await phone.close();
  });
}

// Days since the operation in a rule (#34): old blood in the saliva is red
// on days 5 to 10 after a tonsillectomy, the peak of secondary bleeding.
// The parent answers on day 6 on a phone without JavaScript; the receipt
// says at once, in Danish and in English, to go to the emergency
// department or call the region's out-of-hours number; the worklist names
// the day.
test("a bleed on day 6 after a tonsillectomy is red with emergency advice in both languages", async ({ page, request }) => {
  const child = `Ea Mandel ${stamp}`;
  const parent = `ea.parent.${stamp}@example.dk`;
  const today = await clinicToday(request);
  const operated = new Date(today.getTime() - 6 * 24 * 3600 * 1000);
  await signInStaff(page, own.svar);
  await page.goto(`${own.svar.url}/staff/patients/new`);
  await page.getByLabel("Forløb", { exact: true }).selectOption("tonsillectomy");
  await page.getByLabel(/Indeksdato/).fill(operated.toISOString().slice(0, 10));
  await page.getByLabel("Navn", { exact: true }).first().fill(child);
  await page.getByLabel(/Fødselsdato/).fill("2019-02-11");
  const first = page.getByRole("group", { name: "Første der svarer" });
  await first.getByLabel("Navn", { exact: true }).fill("Lone Mandel");
  await first.getByLabel("E-mail", { exact: true }).fill(parent);
  await first.getByLabel("Relation til patienten").selectOption("mother");
  await page.getByRole("button", { name: "Tilmeld" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(child);
  // The day-5 questionnaire opened yesterday and is open all of today.
  const [mail] = await waitOn(own.smtp, parent, 1);

  const phone = await page.context().browser()!.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: "da-DK" });
  const p = await phone.newPage();
  await p.goto(linkIn(mail));
  await p.getByRole("button", { name: "Start spørgeskemaet" }).click();
  const answers: Record<string, string> = {
    bleeding: "yes",
    bleeding_amount: "old_specks",
    pain: "4",
    pain_relief: "paracetamol",
    eating: "soft",
    drinking: "less",
    sleep_quality: "6",
    other_symptoms: "none",
    contact: "no",
  };
  for (let n = 0; n < 10 && new URL(p.url()).pathname === "/a"; n++) {
    for (const [name, value] of Object.entries(answers)) {
      const choice = p.locator(`input[name="${name}"][value="${value}"]`);
      if ((await choice.count()) > 0) await choice.check();
    }
    await p.getByRole("button", { name: /^(Næste|Gennemse svar)$/ }).click();
  }
  await expect(p).toHaveURL(/\/a\/review$/);
  await p.getByRole("button", { name: "Send svar" }).click();
  await expect(p.getByRole("heading", { name: "Tak for dine svar" })).toBeVisible();
  const advice = p.locator("#advice");
  await expect(advice).toContainText("skadestuen");
  await expect(advice).toContainText("1813");
  await expect(advice).toContainText("112");
  await expect(advice).not.toContainText("{out_of_hours}");
  await p.getByRole("button", { name: "English" }).click();
  await expect(p.locator("#advice")).toContainText("emergency department");
  await expect(p.locator("#advice")).toContainText("1813");
  await phone.close();

  await page.goto(`${own.svar.url}/staff/worklist`);
  const row = page.locator("tr.urgency-red", { hasText: child });
  await expect(row).toContainText("dag 5-10");
  await row.getByRole("link", { name: child }).click();
  await expect(page.locator('#reasons .flag-red[data-rule="bleeding_day_5_to_10"]')).toContainText("Dage siden indeksdatoen: 6");
});

// A daily report that stops coming reaches the worklist before any window
// runs out (#34): heart-failure reports watch for 3 days without one.
test("three days without a daily heart-failure report reach the worklist", async ({ page, request }) => {
  const name = `Bent Stille ${stamp}`;
  const email = `bent.quiet.${stamp}@example.dk`;
  const today = await enrolHeartFailure(page, request, name, email);
  await waitOn(own.smtp, email, 1);
  // Two days without a report: not yet.
  expect((await request.post(`${own.svar.url}/test/advance?days=2`)).ok()).toBeTruthy();
  await signInStaff(page, own.svar);
  await page.goto(`${own.svar.url}/staff/worklist`);
  await expect(page.locator("tr.urgency-no_response", { hasText: name })).toHaveCount(0);
  // The third day: one entry, naming the first day without a report.
  expect((await request.post(`${own.svar.url}/test/advance?days=1`)).ok()).toBeTruthy();
  await signInStaff(page, own.svar);
  await page.goto(`${own.svar.url}/staff/worklist`);
  const row = page.locator("tr.urgency-no_response", { hasText: name });
  await expect(row).toHaveCount(1);
  // "7. dec. 2026": the day of the month starts the Danish date.
  await expect(row).toContainText(`Ingen indberetning fra og med ${today.getUTCDate()}. `);
});
