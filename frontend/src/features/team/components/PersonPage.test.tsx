import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { makeMember } from "@/test/team";

import { PersonPage } from "./PersonPage";

const params = vi.hoisted(() => ({ search: "" }));
// As in src/test/setup.ts, with the query string this test chooses.
vi.mock("next/navigation", async () => {
  const { router } = await import("@/test/setup");
  return {
    useRouter: () => router,
    usePathname: () => "/team/person/",
    useSearchParams: () => new URLSearchParams(params.search),
  };
});

const sam = makeMember({ name: "Sam Seller", email: "sales@demo.example" });

describe("PersonPage", () => {
  it("shows the person's measures, weekly scores and sessions linking to their reports", async () => {
    params.search = `id=${sam.userId}`;
    const network = mockFetch([
      {
        method: "GET",
        path: "/api/v1/team/members",
        reply: { body: { items: [makeMember(), sam], total: 2, offset: 0, limit: 100 } },
      },
      {
        method: "GET",
        path: "/api/v1/team/trends",
        reply: {
          body: {
            weeks: ["2026-11-23", "2026-11-30"],
            people: [
              {
                userId: sam.userId,
                name: sam.name,
                points: [
                  {
                    week: "2026-11-30",
                    sessions: 1,
                    confidence: 70,
                    clarity: 64.6,
                    pace: 80,
                    volume: 90,
                    overall: 75,
                  },
                ],
              },
            ],
          },
        },
      },
      {
        method: "GET",
        path: "/api/v1/sessions",
        reply: {
          body: {
            items: [
              {
                id: "s".repeat(32),
                userId: sam.userId,
                userName: sam.name,
                sessionType: "objection",
                scenarioId: null,
                scenarioTitle: "Price objection",
                source: "live",
                status: "completed",
                startedAt: "2026-11-30T10:00:00Z",
                endedAt: "2026-11-30T10:05:00Z",
                durationS: 300,
                metrics: { confidence: 70, clarity: 65, pace: 80, volume: 90 },
                analysis: null,
              },
            ],
            total: 1,
            offset: 0,
            limit: 20,
          },
        },
      },
    ]);
    const { user } = renderWithProviders(<PersonPage />, { user: makeUser({ role: "manager" }) });

    expect(await screen.findByRole("heading", { level: 1, name: "Sam Seller" })).toBeVisible();
    expect(network.callsTo("GET", "/api/v1/team/trends")[0]!.search.get("userId")).toBe(sam.userId);
    expect(network.callsTo("GET", "/api/v1/sessions")[0]!.search.get("userId")).toBe(sam.userId);

    const measures = screen.getByRole("region", { name: "Measures" });
    expect(within(measures).getByText("Words per minute").parentElement).toHaveTextContent(
      "150✓On target",
    );

    const trend = screen.getByRole("region", { name: "Scores week by week" });
    await user.click(within(trend).getByRole("button", { name: "Table" }));
    const clarity = within(within(trend).getByRole("table")).getByRole("row", { name: /Clarity/ });
    expect(clarity).toHaveTextContent("Clarity—65");

    const session = await screen.findByRole("link", { name: "Price objection" });
    expect(session).toHaveAttribute(
      "href",
      expect.stringMatching(new RegExp(`^/training/report/?\\?id=${"s".repeat(32)}$`)),
    );
    expect(screen.getByTestId("person-session-row")).toHaveTextContent("5:00");
  });

  it("speaks of one person, and says plainly when they have not practised", async () => {
    const idle = makeMember({
      name: "Ida Idle",
      sessions: { week: 0, days30: 0, total: 0 },
      lastPracticeAt: null,
    });
    params.search = `id=${idle.userId}`;
    mockFetch([
      {
        method: "GET",
        path: "/api/v1/team/members",
        reply: { body: { items: [idle], total: 1, offset: 0, limit: 100 } },
      },
      {
        method: "GET",
        path: "/api/v1/team/trends",
        reply: { body: { weeks: ["2026-11-30"], people: [] } },
      },
      {
        method: "GET",
        path: "/api/v1/sessions",
        reply: { body: { items: [], total: 0, offset: 0, limit: 20 } },
      },
    ]);
    renderWithProviders(<PersonPage />, { user: makeUser({ role: "manager" }) });

    const measures = await screen.findByRole("region", { name: "Measures" });
    expect(measures).toHaveTextContent("No practice sessions yet.");
    expect(measures).not.toHaveTextContent(/never|0 sessions/);
    const trend = screen.getByRole("region", { name: "Scores week by week" });
    expect(
      await within(trend).findByText(/A line appears for each score once/),
    ).toBeInTheDocument();
    expect(within(trend).queryByText(/each person/)).not.toBeInTheDocument();
  });

  it("asks for a person when the address names none", () => {
    params.search = "";
    renderWithProviders(<PersonPage />, { user: makeUser({ role: "manager" }) });
    expect(screen.getByText("No one chosen")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to team" })).toBeInTheDocument();
  });
});
