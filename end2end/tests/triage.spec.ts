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

/** A clinician enrols an adult in heart-failure monitoring that started
 * yesterday on the clinic's calendar: the first report's two-day window
 * opened at 07:00 yesterday and is open all of today, so its invitation
 * goes out at once whatever the hour. (Started today, it would wait for
 * 07:00: a run in the night found no mail.) */
async function enrolHeartFailure(page: Page, request: APIRequestContext, name: string, email: string) {
  const yesterday = new Date((await clinicToday(request)).getTime() - 24 * 3600 * 1000);
  await signInStaff(page, own.svar);
  await page.goto(`${own.svar.url}/staff/patients/new`);
  await page.getByLabel("Forløb", { exact: true }).selectOption("heart_failure");
  await page.getByLabel(/Indeksdato/).fill(yesterday.toISOString().slice(0, 10));
  await page.getByLabel("Navn", { exact: true }).first().fill(name);
  await page.getByLabel(/Fødselsdato/).fill("1948-03-03");
  const first = page.getByRole("group", { name: "Første der svarer" });
  await first.getByLabel("Navn", { exact: true }).fill(name);
  await first.getByLabel("E-mail", { exact: true }).fill(email);
  await first.getByLabel("Relation til patienten").selectOption("self");
  await page.getByRole("button", { name: "Tilmeld" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
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
    for (const [item, value] of [["breathless", "no_more_than_usual"], ["breathless_lying", "no"], ["swelling", "none"], ["dizzy", "no"], ["contact", "no"]]) {
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
