import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { mockFetch, problem, type Route } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { makeMember } from "@/test/team";

import { TeamPage } from "./TeamPage";

const WEEKS = ["2026-11-16", "2026-11-23", "2026-11-30"];
const sam = makeMember({ name: "Sam Seller" });
const point = (week: string, overall: number | null) => ({
  week,
  sessions: overall == null ? 0 : 2,
  confidence: overall,
  clarity: overall,
  pace: overall,
  volume: overall,
  overall,
});
const histogram = (low: number, high: number, edges: number[], counted = true) => ({
  bins: edges
    .slice(0, -1)
    .map((from, i) => ({ from, to: edges[i + 1]!, count: counted ? i + 1 : 0 })),
  target: { low, high },
});
/** The pace and fillers histograms; `counted` false: a period without analysed sessions. */
const distribution = (counted = true): Route => ({
  method: "GET",
  path: "/api/v1/team/distribution",
  reply: {
    body: {
      wordsPerMinute: histogram(140, 160, [120, 140, 160, 180], counted),
      fillersPer100: histogram(0, 3, [0, 3, 6], counted),
    },
  },
});

function dashboardRoutes(extra: Route[] = []) {
  return mockFetch([
    ...extra,
    {
      method: "GET",
      path: "/api/v1/team/members",
      reply: { body: { items: [sam], total: 1, offset: 0, limit: 100 } },
    },
    {
      method: "GET",
      path: "/api/v1/team/trends",
      reply: {
        body: {
          weeks: WEEKS,
          // The middle week has no practice: no point for it.
          people: [
            {
              userId: sam.userId,
              name: sam.name,
              points: [point(WEEKS[0]!, 61.4), point(WEEKS[2]!, 78)],
            },
          ],
        },
      },
    },
    distribution(),
    {
      method: "GET",
      path: "/api/v1/team/leaderboard",
      reply: {
        body: {
          composite: "Half level, half improvement.",
          entries: [
            {
              rank: 1,
              userId: sam.userId,
              name: sam.name,
              score: 70,
              level: 65,
              improvement: 8,
              sessions: 4,
            },
          ],
        },
      },
    },
    { method: "GET", path: "/api/v1/training/scenarios", reply: { body: [] } },
    {
      method: "GET",
      path: "/api/v1/dealerships/current",
      reply: { body: { id: "d".repeat(32), name: "Demo Motors", leaderboardPublic: true } },
    },
  ]);
}

// The whole page with its charts renders several times over: slow on a busy machine.
describe("TeamPage", { timeout: 20_000 }, () => {
  it("shows a manager the members, and each chart's figures in its table view", async () => {
    const network = dashboardRoutes();
    const { user } = renderWithProviders(<TeamPage />, { user: makeUser({ role: "manager" }) });

    const members = await screen.findByRole("table", { name: "Team members" });
    expect(within(members).getByRole("link", { name: "Sam Seller" })).toBeInTheDocument();
    expect(network.callsTo("GET", "/api/v1/team/members")[0]!.search.get("period")).toBe("month");

    const trends = await screen.findByRole("region", { name: "Score trends" });
    expect(within(trends).getByRole("figure", { name: /Score trends/ })).toBeInTheDocument();
    await user.click(within(trends).getByRole("button", { name: "Table" }));
    expect(within(trends).getByRole("button", { name: "Table" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    const table = within(trends).getByRole("table", { name: "Score trends" });
    const row = within(table).getByRole("row", { name: /Sam Seller/ });
    expect(
      within(row)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["61", "—", "78"]);
    // Another score redraws the same table.
    await user.selectOptions(within(trends).getByLabelText("Score"), "confidence");
    expect(
      within(trends).getByText("Confidence score per person, week by week, the most active first."),
    ).toBeVisible();

    const pace = screen.getByRole("region", { name: "Pace" });
    await user.click(within(pace).getByRole("button", { name: "Table" }));
    const bins = within(within(pace).getByRole("table", { name: "Pace" })).getAllByRole("row");
    expect(bins.slice(1).map((bin) => bin.textContent)).toEqual([
      "under 1401Outside target",
      "140–1602Within target",
      "160 and over3Outside target",
    ]);
    await user.click(within(pace).getByRole("button", { name: "Chart" }));
    expect(within(pace).queryByRole("table")).not.toBeInTheDocument();

    const board = screen.getByRole("region", { name: "Leaderboard" });
    expect(await within(board).findByRole("list", { name: "Podium" })).toHaveTextContent(
      "Sam Seller",
    );
    expect(board).toHaveTextContent("Half level, half improvement.");
    await user.selectOptions(within(board).getByLabelText("Period"), "week");
    await waitFor(() =>
      expect(network.callsTo("GET", "/api/v1/team/leaderboard").at(-1)!.search.get("period")).toBe(
        "week",
      ),
    );
  });

  it("says a period has no analysed sessions instead of drawing empty bars", async () => {
    dashboardRoutes([distribution(false)]);
    renderWithProviders(<TeamPage />, { user: makeUser({ role: "manager" }) });

    expect(await screen.findAllByText("No analysed sessions in this period")).toHaveLength(2);
  });

  it("downloads the CSV export with the session", async () => {
    const csv = new TextEncoder().encode("name\nSam Seller\n");
    const network = dashboardRoutes([
      {
        method: "GET",
        path: "/api/v1/team/members.csv",
        reply: {
          headers: { "Content-Type": "text/csv" },
          stream: new ReadableStream({
            start(controller) {
              controller.enqueue(csv);
              controller.close();
            },
          }),
        },
      },
    ]);
    const created = vi.fn((_blob: Blob) => "blob:team");
    URL.createObjectURL = created;
    URL.revokeObjectURL = vi.fn();
    const { user } = renderWithProviders(<TeamPage />, { user: makeUser({ role: "admin" }) });
    await screen.findByRole("table", { name: "Team members" });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});

    await user.click(screen.getByRole("button", { name: "Export CSV" }));

    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(network.callsTo("GET", "/api/v1/team/members.csv")).toHaveLength(1);
    const file = created.mock.calls[0]![0];
    expect(await file.text()).toBe("name\nSam Seller\n");
  });

  it("lets an admin keep the leaderboard from salespeople", async () => {
    const network = dashboardRoutes([
      {
        method: "PATCH",
        path: "/api/v1/dealerships/current",
        reply: (call) => ({ body: { id: "d".repeat(32), ...(call.body as object) } }),
      },
    ]);
    const { user } = renderWithProviders(<TeamPage />, { user: makeUser({ role: "admin" }) });
    const board = await screen.findByRole("region", { name: "Leaderboard" });
    const shown = await within(board).findByRole("checkbox", { name: "Show to salespeople" });
    expect(shown).toBeChecked();

    await user.click(shown);

    await waitFor(() => expect(shown).not.toBeChecked());
    expect(network.callsTo("PATCH", "/api/v1/dealerships/current")[0]!.body).toEqual({
      leaderboardPublic: false,
    });
    expect(
      await screen.findByText("The leaderboard is now for managers and admins only."),
    ).toBeInTheDocument();
  });

  it("tells a manager who sees the ranking, without the admin's switch", async () => {
    dashboardRoutes();
    renderWithProviders(<TeamPage />, { user: makeUser({ role: "manager" }) });
    const board = await screen.findByRole("region", { name: "Leaderboard" });
    expect(
      await within(board).findByText("Salespeople see this ranking, dealership-wide."),
    ).toBeInTheDocument();
    expect(within(board).queryByRole("checkbox")).not.toBeInTheDocument();
  });

  it("shows a salesperson only the leaderboard, and says so when it is private", async () => {
    const network = mockFetch([
      {
        method: "GET",
        path: "/api/v1/team/leaderboard",
        reply: problem(403, "forbidden", "The leaderboard is not public."),
      },
      { method: "GET", path: "/api/v1/training/scenarios", reply: { body: [] } },
    ]);
    renderWithProviders(<TeamPage />, { user: makeUser({ role: "salesperson" }) });

    expect(await screen.findByText("The leaderboard is private")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Leaderboard" })).toBeInTheDocument();
    expect(network.callsTo("GET", "/api/v1/team/members")).toHaveLength(0);
    expect(screen.queryByRole("button", { name: "Export CSV" })).not.toBeInTheDocument();
  });
});
