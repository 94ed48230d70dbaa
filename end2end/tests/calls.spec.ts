import { expect, test } from "@playwright/test";
import { enrol, signInStaff, waitForMails } from "../support/journey";
import { checkScreen } from "../support/screens";
import { ownSvar } from "../support/svar";

// The call list. A mother with a mobile number never answers the
// invitation or its two reminders; a day after the last one (the test
// clock moves) her child is on the clinic's call list with her number as a
// tel: link. A clinician, on a phone-sized screen without JavaScript, logs
// a call that went to voicemail (first forgetting to say how it went: the
// note is kept), then one where she will answer online, which sends her
// the link again. The list passes the screen checks in both sizes.
//
// This spec runs its own Svar with a test clock, like the triage spec.
test.describe.configure({ mode: "serial" });

const own = ownSvar({ SVAR_TEST_CLOCK: "true" });

const stamp = Date.now().toString().slice(-6);
const child = `Ida Ring ${stamp}`;
const parent = `maria.calls.${stamp}@example.dk`;

test("an unanswered invitation reaches the call list and a call is logged without JavaScript", async ({ page, request, browser }) => {
  await enrol(page, own.svar, child, parent, "20 12 34 56");
  await waitForMails(own.smtp, parent, 1);

  // Nobody to call while reminders are still to come.
  await page.goto(`${own.svar.url}/staff/calls`);
  await expect(page.getByText("Der er ingen at ringe til lige nu.")).toBeVisible();

  // Two reminders (days 3 and 7), then a quiet day.
  for (const days of [3, 4, 2]) {
    expect((await request.post(`${own.svar.url}/test/advance?days=${days}`)).ok()).toBeTruthy();
  }
  await waitForMails(own.smtp, parent, 3);

  const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: "da-DK" });
  const p = await phone.newPage();
  await signInStaff(p, own.svar);
  await p.goto(`${own.svar.url}/staff/calls`);
  const entry = p.locator("li.call", { hasText: child });
  await expect(entry).toBeVisible();
  await expect(entry.getByRole("link", { name: "+45 20 12 34 56" })).toHaveAttribute("href", "tel:+4520123456");
  await expect(entry).toContainText("Sidste dag at svare");
  await expect(entry).toContainText("E-mail til Maria Testesen");

  // Saved without saying how it went: the list again, the note kept.
  await entry.getByLabel("Note (kun for personalet)").fill("Ring efter kl. 15");
  await entry.getByRole("button", { name: "Gem opkaldet" }).click();
  const again = p.locator("li.call", { hasText: child });
  await expect(p.getByRole("link", { name: "Vælg, hvordan opkaldet gik." })).toBeVisible();
  await expect(again.getByLabel("Note (kun for personalet)")).toHaveValue("Ring efter kl. 15");
  await again.getByLabel("Besked lagt på telefonsvarer").check();
  await again.getByRole("button", { name: "Gem opkaldet" }).click();
  await expect(p.getByText("Opkaldet er gemt.")).toBeVisible();
  const logged = p.locator("li.call", { hasText: child });
  await expect(logged.locator(".call-attempts")).toContainText("Besked lagt på telefonsvarer");
  await expect(logged.locator(".call-attempts")).toContainText("Ring efter kl. 15");

  // She will answer online: the link goes to her again.
  await logged.getByLabel("Svarer online – send linket igen").check();
  await logged.getByRole("button", { name: "Gem opkaldet" }).click();
  await expect(p.getByText("Opkaldet er gemt.")).toBeVisible();
  await waitForMails(own.smtp, parent, 4);
  await phone.close();

  // The list on a phone and on a desk (axe needs scripts), in English,
  // once the new link has had its day.
  expect((await request.post(`${own.svar.url}/test/advance?days=1`)).ok()).toBeTruthy();
  const small = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "da-DK" });
  const s = await small.newPage();
  await signInStaff(s, own.svar);
  await s.goto(`${own.svar.url}/staff/calls`);
  await expect(s.locator("li.call", { hasText: child })).toContainText("Besked lagt på telefonsvarer");
  await checkScreen(s, "call list (360 px)");
  await small.close();
  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "da-DK" });
  const d = await desk.newPage();
  await signInStaff(d, own.svar);
  await d.goto(`${own.svar.url}/staff/calls`);
  await expect(d.locator("li.call", { hasText: child })).toContainText("Svarer online");
  await checkScreen(d, "call list (1280 px)");
  await d.getByRole("button", { name: "English" }).click();
  await expect(d.locator("html")).toHaveAttribute("lang", "en");
  await expect(d.getByRole("heading", { level: 1 })).toHaveText("Call list");
  await expect(d.locator("li.call", { hasText: child })).toContainText("Left a voicemail");
  await checkScreen(d, "call list (1280 px, English)");
  // Labels, not codes.
  expect(await d.locator("body").innerText()).not.toMatch(/no_answer|wrong_number|will_answer_online|answered_by_phone|ear_tubes/);
  await desk.close();
});
