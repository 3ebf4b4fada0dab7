import { expect, test } from "@playwright/test";

import { expectDashboard, signIn, signOut } from "./support/app";

test("after signing out, a protected page sends you to sign in and back", async ({ page }) => {
  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");
  await signOut(page);

  await page.goto("/settings/");
  await expect(page).toHaveURL(/\/login\/\?next=%2Fsettings%2F$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  await page.getByLabel("E-mail").fill("sales@demo.example");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
});

test("a wrong password shows the server's message", async ({ page }) => {
  await signIn(page, "sales@demo.example", "not-the-password");
  const form = page.getByRole("form", { name: "Sign in" });
  await expect(form.getByRole("alert")).toHaveText("The e-mail or password is incorrect.");
});
