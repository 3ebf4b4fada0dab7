import { expect, test } from "@playwright/test";

import { expectDashboard, signIn, signOut } from "./support/app";
import { totp } from "./support/totp";

// A user of its own, so that no other spec meets a second sign-in step.
const EMAIL = "sales2@demo.example";

test("enrol in two-factor authentication, then sign in with password and code", async ({
  page,
}) => {
  await signIn(page, EMAIL);
  await expectDashboard(page, "Riley");

  await page.goto("/settings/");
  const section = page.locator("#two-factor");
  await expect(section.getByText("Off", { exact: true })).toBeVisible();
  await section.getByRole("button", { name: "Set up two-factor authentication" }).click();

  await expect(section.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);

  // The phone's clock runs a step behind, which the server allows (one step of drift either
  // way). A code's step is accepted once, so the sign-in below, with the current step's code,
  // needs no wait for a new step, whenever the steps turn.
  const phoneClockBehind = Date.now() - 30_000;
  await section.getByLabel("Code from the app").fill(totp(secret, phoneClockBehind));
  await section.getByRole("button", { name: "Confirm and turn on" }).click();

  const codes = section.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes.first()).toBeVisible();
  expect(await codes.count()).toBeGreaterThanOrEqual(5);
  await expect(section.getByText("On", { exact: true })).toBeVisible();
  await section.getByRole("button", { name: "I have saved them" }).click();
  await expect(
    section.getByRole("button", { name: "Turn off two-factor authentication" }),
  ).toBeVisible();

  await signOut(page);

  await page.getByLabel("E-mail").fill(EMAIL);
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const codeInput = page.getByLabel("Authentication code");
  await expect(codeInput).toBeVisible();

  await codeInput.fill(totp(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expectDashboard(page, "Riley");
});
