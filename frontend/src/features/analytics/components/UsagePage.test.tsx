import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import type { UsageReport, UsageWeek } from "../api";
import { formatMinutes, UsagePage } from "./UsagePage";

const week = (weekStart: string, overrides: Partial<UsageWeek> = {}): UsageWeek => ({
  weekStart,
  activeUsers: 0,
  logins: 0,
  sessionsStarted: 0,
  sessionsCompleted: 0,
  sessionsPerActiveUser: null,
  photosProcessed: 0,
  contentGenerated: 0,
  contentPublished: {},
  minutesSaved: 0,
  ...overrides,
});

const REPORT: UsageReport = {
  weeks: [
    week("2026-11-23"),
    week("2026-11-30", {
      activeUsers: 4,
      logins: 9,
      sessionsStarted: 7,
      sessionsCompleted: 6,
      sessionsPerActiveUser: 1.5,
      photosProcessed: 12,
      contentGenerated: 2,
      contentPublished: { facebook: 2, "google-business": 1 },
      minutesSaved: 150,
    }),
  ],
  channels: ["facebook", "google-business"],
  totals: {
    activeUsers: 5,
    sessionsCompleted: 6,
    photosProcessed: 12,
    contentGenerated: 2,
    contentPublished: 3,
    minutesSaved: 150,
  },
  assumptions: [
    {
      kind: "photos_processed",
      minutesEach: 10,
      text: "Each processed photo saves 10 minutes of retouching by hand.",
    },
    {
      kind: "content_generated",
      minutesEach: 15,
      text: "Each piece of copy saves 15 minutes of writing.",
    },
  ],
};

const admin = makeUser({ role: "admin" });

describe("UsagePage", () => {
  it("shows the totals, the assumptions and every chart's figures as a table", async () => {
    mockFetch([{ method: "GET", path: "/api/v1/analytics/usage", reply: { body: REPORT } }]);
    const { user } = renderWithProviders(<UsagePage />, { user: admin });

    const totals = await screen.findByRole("region", { name: "Totals, last 12 weeks" });
    expect(within(totals).getByText("Active people").previousSibling).toHaveTextContent("5");
    expect(within(totals).getByText("Time saved (estimate)").previousSibling).toHaveTextContent(
      "2 h 30 min",
    );
    expect(screen.getByText(/Each processed photo saves 10 minutes/)).toBeInTheDocument();
    expect(
      screen.getByRole("img", { name: "Active people and sessions completed per week" }),
    ).toBeInTheDocument();

    const people = screen.getByRole("region", { name: "Active people and practice" });
    await user.click(within(people).getByRole("button", { name: "Table" }));
    const table = within(people).getByRole("table", {
      name: "Active people and practice",
    });
    const lastWeek = within(table).getAllByRole("row").at(-1)!;
    expect(
      within(lastWeek)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["4", "9", "7", "6", "1.5"]);

    const published = screen.getByRole("region", { name: "Content published per channel" });
    await user.click(within(published).getByRole("button", { name: "Table" }));
    const channels = within(published).getByRole("table");
    expect(
      within(channels)
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual(["Week of", "Facebook", "Google Business"]);
  });

  it("asks for the span chosen", async () => {
    const network = mockFetch([
      { method: "GET", path: "/api/v1/analytics/usage", reply: { body: REPORT } },
    ]);
    const { user } = renderWithProviders(<UsagePage />, { user: admin });
    await screen.findByRole("region", { name: "Totals, last 12 weeks" });

    await user.selectOptions(screen.getByLabelText("Weeks shown"), "52");

    await screen.findByRole("region", { name: "Totals, last 52 weeks" });
    const asked = network
      .callsTo("GET", "/api/v1/analytics/usage")
      .map((c) => c.search.get("weeks"));
    expect(asked).toEqual(["12", "52"]);
  });

  it("says when the figures cannot be loaded", async () => {
    mockFetch([
      {
        method: "GET",
        path: "/api/v1/analytics/usage",
        reply: problem(500, "internal_error", "Something went wrong."),
      },
    ]);
    renderWithProviders(<UsagePage />, { user: admin });

    await waitFor(() =>
      expect(screen.getByText("The usage figures could not be loaded.")).toBeInTheDocument(),
    );
  });
});

describe("formatMinutes", () => {
  it("reads as hours and minutes", () => {
    expect([0, 45, 60, 150].map(formatMinutes)).toEqual(["0 min", "45 min", "1 h", "2 h 30 min"]);
  });
});
