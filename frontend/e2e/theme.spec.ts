import { expect, test } from "@playwright/test";

import { expectDashboard, signIn } from "./support/app";

test("the theme switch applies at once and is saved to the user's preferences", async ({
  page,
  browser,
}) => {
  await signIn(page, "manager@demo.example");
  await expectDashboard(page, "Morgan");
  const html = page.locator("html");
  await expect(html).not.toHaveClass(/\bdark\b/);

  const theme = page.getByRole("radiogroup", { name: "Theme" });
  const saved = page.waitForResponse(
    (response) =>
      response.url().endsWith("/api/v1/users/me") && response.request().method() === "PATCH",
  );
  await theme.getByRole("radio", { name: "Dark" }).click();
  await expect(html).toHaveClass(/\bdark\b/);
  expect((await saved).ok()).toBe(true);
  await expect(theme.getByRole("radio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");

  await page.reload();
  await expectDashboard(page, "Morgan");
  await expect(html).toHaveClass(/\bdark\b/);

  // A browser that has never seen this user gets the theme from the server.
  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, "manager@demo.example");
  await expectDashboard(other, "Morgan");
  await expect(other.locator("html")).toHaveClass(/\bdark\b/);
  await context.close();

  await theme.getByRole("radio", { name: "Light" }).click();
  await expect(html).not.toHaveClass(/\bdark\b/);
});
