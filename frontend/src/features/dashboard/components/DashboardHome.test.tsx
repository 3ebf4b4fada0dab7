import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { DashboardHome } from "./DashboardHome";

const EMPTY_PAGE = { items: [], total: 0, offset: 0, limit: 1 };

function routes(
  stats: { draft: number; review: number; published: number; total: number },
  assigned = 0,
) {
  return [
    { method: "GET", path: "/api/v1/sessions", reply: { body: EMPTY_PAGE } },
    {
      method: "GET",
      path: "/api/v1/training/assignments",
      reply: { body: { ...EMPTY_PAGE, total: assigned } },
    },
    { method: "GET", path: "/api/v1/jobs", reply: { body: EMPTY_PAGE } },
    { method: "GET", path: "/api/v1/content/stats", reply: { body: stats } },
    { method: "GET", path: "/api/v1/users", reply: { body: EMPTY_PAGE } },
  ];
}

describe("DashboardHome's Content card", () => {
  it("shows the real counts, and sends a manager to the review queue", async () => {
    mockFetch(routes({ draft: 4, review: 2, published: 9, total: 15 }));
    renderWithProviders(<DashboardHome />, { user: makeUser({ role: "manager" }) });
    const stats = await screen.findByTestId("content-stats");
    await waitFor(() =>
      expect(within(stats).getByText("drafts").previousSibling).toHaveTextContent("4"),
    );
    expect(within(stats).getByText("in review").previousSibling).toHaveTextContent("2");
    expect(within(stats).getByText("published").previousSibling).toHaveTextContent("9");
    expect(screen.getByText("2 to review")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Review now" }).getAttribute("href")).toMatch(
      /^\/content\/review\/?$/,
    );
    expect(screen.queryByText("Coming soon")).not.toBeInTheDocument();
  });

  it("invites a salesperson with nothing yet to write", async () => {
    mockFetch(routes({ draft: 0, review: 0, published: 0, total: 0 }));
    renderWithProviders(<DashboardHome />, { user: makeUser() });
    expect(await screen.findByText("No drafts yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Write copy" }).getAttribute("href")).toMatch(
      /^\/content\/?$/,
    );
  });
});

describe("DashboardHome's Training card", () => {
  it("tells a salesperson how many assignments are waiting", async () => {
    const network = mockFetch(routes({ draft: 0, review: 0, published: 0, total: 0 }, 2));
    const user = makeUser();
    renderWithProviders(<DashboardHome />, { user });
    expect(await screen.findByText("2 assigned to you")).toBeInTheDocument();
    const query = network.callsTo("GET", "/api/v1/training/assignments")[0]!.search;
    expect(query.get("userId")).toBe(user.id);
    expect(query.get("completed")).toBe("false");
  });

  it("asks nothing about a manager's own assignments", async () => {
    const network = mockFetch(routes({ draft: 0, review: 0, published: 0, total: 0 }, 2));
    renderWithProviders(<DashboardHome />, { user: makeUser({ role: "manager" }) });
    await screen.findByText("No drafts yet");
    expect(screen.queryByText(/assigned to you/)).not.toBeInTheDocument();
    expect(network.callsTo("GET", "/api/v1/training/assignments")).toHaveLength(0);
  });
});

describe("DashboardHome's Team card", () => {
  it.each([
    ["admin", "active salespeople in your dealership"],
    ["manager", "active salespeople you coach"],
  ] as const)("counts for a %s whom the Team page lists", async (role, label) => {
    const network = mockFetch([
      ...routes({ draft: 0, review: 0, published: 0, total: 0 }).filter(
        (route) => route.path !== "/api/v1/users",
      ),
      { method: "GET", path: "/api/v1/users", reply: { body: { ...EMPTY_PAGE, total: 2 } } },
    ]);
    renderWithProviders(<DashboardHome />, { user: makeUser({ role }) });
    await waitFor(() => expect(screen.getByText(label).previousSibling).toHaveTextContent("2"));
    const query = network.callsTo("GET", "/api/v1/users")[0]!.search;
    expect(query.get("role")).toBe("salesperson");
    expect(query.get("active")).toBe("true");
  });
});
