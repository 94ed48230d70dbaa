import { expect, test } from "@playwright/test";
import { answerAllPages, enrol as enrolOn, linkIn, signInStaff, waitForMails as waitOn } from "../support/journey";
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
