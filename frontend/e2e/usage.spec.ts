import { expect, test } from "@playwright/test";

import { expectDashboard, mainNav, signIn } from "./support/app";

test("an admin sees the dealership's usage, as charts and as tables", async ({ page }) => {
  await signIn(page, "admin@demo.example");
  await expectDashboard(page, "Alex");

  await mainNav(page).getByRole("link", { name: "Usage", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  // Signing in just now made the admin an active person of this week.
  const totals = page.getByRole("region", { name: "Totals, last 12 weeks" });
  await expect(totals.getByText("Active people")).toBeVisible();
  await expect(totals.locator("p", { hasText: /^[1-9]\d*$/ }).first()).toBeVisible();
  await expect(page.getByText(/Each processed photo saves 10 minutes/)).toBeVisible();

  const people = page.getByRole("region", { name: "Active people and practice" });
  await expect(
    people.getByRole("img", { name: "Active people and sessions completed per week" }),
  ).toBeVisible();
  await people.getByRole("button", { name: "Table" }).click();
  const table = people.getByRole("table", { name: "Active people and practice" });
  await expect(table.getByRole("columnheader", { name: "Sign-ins" })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(13);
});

test("an admin reads the audit log in words, filters it and exports it", async ({ page }) => {
  await signIn(page, "admin@demo.example");
  await expectDashboard(page, "Alex");

  await mainNav(page).getByRole("link", { name: "Audit log", exact: true }).click();
  await page.getByLabel("Filter by action").fill("login");
  await page.getByLabel("Person").selectOption({ label: "Alex Admin" });
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByText("Alex Admin signed in with their password.").first()).toBeVisible();
  await expect(events).not.toContainText("Mozilla");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
});
