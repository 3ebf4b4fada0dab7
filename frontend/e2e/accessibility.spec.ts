import { expect, test, type Page } from "@playwright/test";
import axe from "axe-core";

import { expectDashboard, signIn } from "./support/app";

// Every page, as its users see it, against axe's WCAG 2.1 A and AA rules, in the light theme and
// the dark one. axe-core runs inside the page (its own script, injected), as browser extensions
// and CI checkers run it.
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const SIGNED_OUT = ["/login/", "/forgot-password/"];
const MANAGER = [
  "/",
  "/training/",
  "/training/history/",
  "/content/",
  "/content/review/",
  "/images/",
  "/vehicles/",
  "/coaching/assignments/",
  "/coaching/certifications/",
  "/coaching/scenarios/",
  "/team/",
  "/settings/",
];
const ADMIN = ["/admin/users/", "/admin/dealership/", "/admin/audit/", "/admin/analytics/"];

async function violations(page: Page, path: string, theme: "light" | "dark"): Promise<string[]> {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // The page itself, not the sign-in page it would send a stranger to.
  expect(new URL(page.url()).pathname).toBe(path);
  // Lists and charts load after the heading: wait until nothing is loading any more.
  await expect(page.locator(".animate-spin")).toHaveCount(0);
  // The demo users' theme follows the system's, as a new user's does.
  const html = page.locator("html");
  await (theme === "dark"
    ? expect(html).toHaveClass(/\bdark\b/)
    : expect(html).not.toHaveClass(/\bdark\b/));
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: tags }),
    WCAG_AA,
  );
  return result.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${path} (${theme}) ${violation.id}: ${node.target.join(" ")}: ${node.failureSummary ?? ""}`,
    ),
  );
}

async function check(page: Page, paths: string[]): Promise<void> {
  const found: string[] = [];
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const path of paths) {
      found.push(...(await violations(page, path, theme)));
    }
  }
  expect(found, found.join("\n\n")).toEqual([]);
}

test("the signed-out pages pass WCAG 2.1 AA checks in both themes", async ({ page }) => {
  await check(page, SIGNED_OUT);
});

test("a manager's pages pass WCAG 2.1 AA checks in both themes", async ({ page }) => {
  await signIn(page, "manager@demo.example");
  await expectDashboard(page, "Morgan");
  await check(page, MANAGER);
});

test("an admin's pages pass WCAG 2.1 AA checks in both themes", async ({ page }) => {
  await signIn(page, "admin@demo.example");
  await expectDashboard(page, "Alex");
  await check(page, ADMIN);
});
