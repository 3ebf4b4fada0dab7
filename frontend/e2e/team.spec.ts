import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { expectDashboard, mainNav, signIn } from "./support/app";

// The demo dealership (scripts/e2e-server.sh seeds it): Morgan Manager coaches Sam and Riley
// Seller. Other specs may have left sessions by the time this one runs, so nothing here
// assumes an empty history.

test("a manager reads the team dashboard, its table views and exports, then drills into a person", async ({
  page,
}) => {
  await signIn(page, "manager@demo.example");
  await expectDashboard(page, "Morgan");
  await mainNav(page).getByRole("link", { name: "Team", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();

  const members = page.getByRole("table", { name: "Team members" });
  const sam = members.getByTestId("member-row").filter({ hasText: "Sam Seller" });
  await expect(sam).toBeVisible();
  await expect(members.getByTestId("member-row").filter({ hasText: "Riley Seller" })).toBeVisible();

  // Sorting by a column is announced on its header.
  const last = members.getByRole("columnheader", { name: /Last practice/ });
  await last.getByRole("button").click();
  await expect(last).toHaveAttribute("aria-sort", "ascending");

  // Each chart has a table view with the same figures. Before any session is analysed the
  // chart says so instead of drawing empty axes; the table lists the weeks either way.
  const trends = page.getByRole("region", { name: "Score trends", exact: true });
  await expect(
    trends
      .getByRole("figure", { name: /Score trends/ })
      .or(trends.getByText("No scores in this period yet")),
  ).toBeVisible();
  await trends.getByRole("button", { name: "Table" }).click();
  const trendTable = trends.getByRole("table", { name: "Score trends" });
  await expect(trendTable.getByRole("row", { name: /Sam Seller/ })).toBeVisible();
  await expect(trendTable.getByRole("columnheader")).toHaveCount(13);

  const pace = page.getByRole("region", { name: "Pace", exact: true });
  await pace.getByRole("button", { name: "Table" }).click();
  await expect(pace.getByRole("table", { name: "Pace" })).toContainText("Within target");

  await expect(page.getByRole("table", { name: /Skills heat map/ })).toContainText("Sam Seller");
  const board = page.getByRole("region", { name: "Leaderboard", exact: true });
  await expect(board.getByRole("checkbox")).toHaveCount(0);
  await expect(board).toContainText("Salespeople see this ranking");

  // The PDF team report is a real file, downloaded with the session.
  const [report] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "PDF report" }).click(),
  ]);
  expect(report.suggestedFilename()).toMatch(/^team-report-.*\.pdf$/);
  const pdf = await readFile(await report.path());
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");

  // Drill-down: the person's page, with their trend and their sessions (or none yet).
  await sam.getByRole("link", { name: "Sam Seller" }).click();
  await expect(page).toHaveURL(/\/team\/person\/\?id=/);
  await expect(page.getByRole("heading", { level: 1, name: "Sam Seller" })).toBeVisible();
  const trend = page.getByRole("region", { name: "Scores week by week", exact: true });
  await trend.getByRole("button", { name: "Table" }).click();
  await expect(trend.getByRole("table").getByRole("row", { name: /Overall/ })).toBeVisible();
  const sessions = page.getByRole("region", { name: "Sessions", exact: true });
  await expect(
    sessions.getByTestId("person-session-row").or(sessions.getByText("No sessions yet")).first(),
  ).toBeVisible();
  await page.getByRole("link", { name: "Back to team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
});

test("a salesperson sees the leaderboard only", async ({ page }) => {
  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");
  await mainNav(page).getByRole("link", { name: "Leaderboard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Leaderboard" })).toBeVisible();
  // Public by default (the dealership's leaderboardPublic setting).
  const board = page.getByRole("region", { name: "Leaderboard", exact: true });
  await expect(
    board.getByRole("list", { name: "Podium" }).or(board.getByText("No one ranked yet")).first(),
  ).toBeVisible();
  await expect(board).not.toContainText("The leaderboard is private");
  await expect(page.getByRole("table", { name: "Team members" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Export CSV" })).toHaveCount(0);
});
