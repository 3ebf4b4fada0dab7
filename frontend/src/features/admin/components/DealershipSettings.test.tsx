import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { DealershipSettings } from "./DealershipSettings";

const DEALERSHIP = "/api/v1/dealerships/current";
const demo = (leaderboardPublic: boolean) => ({
  id: "d".repeat(32),
  name: "Demo Motors",
  leaderboardPublic,
});

describe("DealershipSettings", () => {
  it("lets an admin make the leaderboard private and public again", async () => {
    const network = mockFetch([
      { method: "GET", path: DEALERSHIP, reply: { body: demo(true) } },
      {
        method: "PATCH",
        path: DEALERSHIP,
        reply: (call) => ({
          body: demo((call.body as { leaderboardPublic: boolean }).leaderboardPublic),
        }),
      },
    ]);
    const { user } = renderWithProviders(<DealershipSettings />, {
      user: makeUser({ role: "admin" }),
    });
    const toggle = await screen.findByRole("switch", { name: "Salespeople see the leaderboard" });
    expect(toggle).toBeChecked();
    expect(screen.getByRole("heading", { name: "Dealership" })).toBeInTheDocument();
    expect(screen.getByText("Demo Motors")).toBeInTheDocument();

    await user.click(toggle);
    await waitFor(() => expect(network.callsTo("PATCH", DEALERSHIP)).toHaveLength(1));
    expect(network.callsTo("PATCH", DEALERSHIP)[0]!.body).toEqual({ leaderboardPublic: false });
    expect(
      await screen.findByText("The leaderboard is now for managers and admins only."),
    ).toBeInTheDocument();
    expect(toggle).not.toBeChecked();
    expect(screen.getByText("Only managers and admins see the ranking.")).toBeInTheDocument();

    await user.click(toggle);
    await waitFor(() => expect(network.callsTo("PATCH", DEALERSHIP)).toHaveLength(2));
    expect(network.callsTo("PATCH", DEALERSHIP)[1]!.body).toEqual({ leaderboardPublic: true });
    await waitFor(() => expect(toggle).toBeChecked());
  });
});
