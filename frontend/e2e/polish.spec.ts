import { expect, test } from "@playwright/test";

import { expectDashboard, signIn } from "./support/app";

test("signed-out pages make no call answered 401 and log no errors", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("response", (response) => {
    if (response.status() === 401) errors.push(`401 from ${response.url()}`);
  });
  await page.goto("/login/");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.goto("/forgot-password/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/login/");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("an unknown address shows a 404 page, and a bad link says not found", async ({ page }) => {
  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");

  const response = await page.goto("/no-such-page/");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("Page not found")).toBeVisible();
  await expect(
    page.getByRole("heading", { name: /^Good (morning|afternoon|evening)/ }),
  ).toHaveCount(0);

  await page.goto("/training/report/?id=not-a-session");
  // Next.js keeps an empty route announcer with the same role: the problem is the one with text.
  const problem = page.getByRole("alert").filter({ hasText: /\S/ });
  await expect(problem).toContainText("Not found");
  await expect(problem).not.toContainText("should match pattern");
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
});

test("an admin invites people from a CSV file after a preview", async ({ page }) => {
  const stamp = Date.now();
  const good = `csv-${stamp}@demo.example`;
  await signIn(page, "admin@demo.example");
  await expectDashboard(page, "Alex");
  await page.goto("/admin/users/");
  await page.getByRole("button", { name: "Invite from CSV" }).click();

  const form = page.getByRole("form", { name: "Invite from a CSV file" });
  await form.getByLabel("CSV file").setInputFiles({
    name: "people.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      `name,email,role,manager\nCasey Csv,${good},salesperson,manager@demo.example\n` +
        "Sam Again,sales@demo.example,salesperson,\n",
    ),
  });
  const lines = form.getByRole("table", { name: "Lines of the file" });
  await expect(lines.getByRole("row").nth(1)).toContainText("Ready");
  await expect(lines.getByRole("row").nth(2)).toContainText("already has an account");

  await form.getByRole("button", { name: "Invite 1 person" }).click();
  await expect(lines.getByRole("row").nth(1)).toContainText("E-mail sent");
  await expect(page.getByRole("table", { name: "Pending invitations" })).toContainText(good);
});

test("on a phone no page scrolls sideways", async ({ page }) => {
  // Wide content (tables, long scenario titles in pickers) scrolls inside its own box; a page
  // that scrolled sideways hid its right edge (buttons, figures) on a 390 px phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "admin@demo.example");
  await expectDashboard(page, "Alex");
  for (const path of [
    "/",
    "/training/",
    "/training/history/",
    "/images/",
    "/vehicles/",
    "/content/",
    "/content/review/",
    "/team/",
    "/coaching/scenarios/",
    "/coaching/assignments/",
    "/coaching/certifications/",
    "/admin/users/",
    "/admin/audit/",
    "/admin/analytics/",
    "/admin/dealership/",
    "/settings/",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // The lists arrive after the heading; what they hold can widen a page.
    await page.waitForLoadState("networkidle");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, path).toBeLessThanOrEqual(390);
  }
});
