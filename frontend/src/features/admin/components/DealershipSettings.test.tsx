import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { DealershipSettings } from "./DealershipSettings";

const DEALERSHIP = "/api/v1/dealerships/current";
const LOGO_PLATE = "/api/v1/dealerships/current/logo-plate";
const demo = (leaderboardPublic: boolean, hasLogoPlate = false) => ({
  id: "d".repeat(32),
  name: "Demo Motors",
  leaderboardPublic,
  hasLogoPlate,
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

  it("uploads the logo plate, then removes it", async () => {
    const network = mockFetch([
      { method: "GET", path: DEALERSHIP, reply: { body: demo(true) } },
      { method: "PUT", path: LOGO_PLATE, reply: { body: demo(true, true) } },
      { method: "DELETE", path: LOGO_PLATE, reply: { body: demo(true, false) } },
    ]);
    const { user } = renderWithProviders(<DealershipSettings />, {
      user: makeUser({ role: "admin" }),
    });
    const picker = await screen.findByLabelText("Upload a logo plate");
    await user.upload(picker, new File(["png"], "plate.png", { type: "image/png" }));
    expect(await screen.findByText("The logo plate is saved.")).toBeInTheDocument();
    expect(network.callsTo("PUT", LOGO_PLATE)[0]!.body).toContain('name="file"');
    expect(screen.getByLabelText("Replace the logo plate")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Remove" }));
    expect(await screen.findByText("The logo plate is removed.")).toBeInTheDocument();
    expect(network.callsTo("DELETE", LOGO_PLATE)).toHaveLength(1);
  });
});
