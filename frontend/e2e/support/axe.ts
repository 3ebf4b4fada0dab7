import { expect, type Page } from "@playwright/test";
import axe from "axe-core";

// Pages, as their users see them, against axe's WCAG 2.1 A and AA rules, in the light theme and
// the dark one. axe-core runs inside the page (its own script, injected), as browser extensions
// and CI checkers run it.
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type Theme = "light" | "dark";

/** Waits for what a page loads after its heading that the check must see (e.g. comments). */
type Ready = (page: Page) => Promise<void>;

async function violations(
  page: Page,
  path: string,
  theme: Theme,
  ready?: Ready,
): Promise<string[]> {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // The page itself, not the sign-in page it would send a stranger to.
  const url = new URL(page.url());
  expect(url.pathname + url.search).toBe(path);
  // Lists and charts load after the heading: wait until nothing is loading any more.
  await expect(page.locator(".animate-spin")).toHaveCount(0);
  await ready?.(page);
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

/** Every path in both themes; fails with the list of all violations found. */
export async function check(page: Page, paths: string[], ready?: Ready): Promise<void> {
  const found: string[] = [];
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const path of paths) {
      found.push(...(await violations(page, path, theme, ready)));
    }
  }
  expect(found, found.join("\n\n")).toEqual([]);
}
