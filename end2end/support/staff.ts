import { expect, Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./global-setup";

export const ADMIN = "admin@demo-ent.example";
export const OTHER_CLINIC_CLINICIAN = "clinician@demo-heart.example";

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/staff/sign-in");
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Adgangskode").fill(password);
  await page.getByRole("button", { name: "Log ind" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Log ud" }).click();
  await expect(page.getByText("Du er logget ud.")).toBeVisible();
}
