import { expect, test } from "@playwright/test";

import { expectDashboard, mainNav, signIn } from "./support/app";

test("an admin signs in and sees the dashboard with the admin sidebar", async ({ page }) => {
  await signIn(page, "admin@demo.example");
  await expect(page).toHaveURL(/\/$/);
  await expectDashboard(page, "Alex");

  const nav = mainNav(page);
  for (const name of [
    "Overview",
    "Training",
    "Content",
    "Images",
    "Team",
    "Users",
    "Audit log",
    "Usage",
    "Settings",
  ]) {
    await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("button", { name: /Open user menu/ })).toContainText("Alex Admin");
  await expect(page.getByRole("article").filter({ hasText: "Training" })).toContainText(
    "No practice sessions",
  );

  await nav.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Users" })).toContainText("manager@demo.example");
  await expect(nav.getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
});

test("a salesperson has no admin sidebar and is told admin pages are not for them", async ({
  page,
}) => {
  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");
  const nav = mainNav(page);
  await expect(nav.getByRole("link", { name: "Training" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Team" })).toHaveCount(0);

  await page.goto("/admin/audit/");
  await expect(page.getByText("You are not allowed to see this page")).toBeVisible();
});
