import { screen, waitFor, within } from "@testing-library/react";
import * as navigation from "next/navigation";
import { describe, expect, it, vi } from "vitest";

import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { router } from "@/test/setup";
import { renderWithProviders } from "@/test/render";
import { makeSession } from "@/test/training";

import { TrainingHistory } from "./TrainingHistory";

const manager = makeUser({ role: "manager" });
const sam = makeUser({ profile: { firstName: "Sam", lastName: "Seller", phone: "" } });
const riley = makeUser({ profile: { firstName: "Riley", lastName: "Rep", phone: "" } });

function scored(id: string, who: typeof sam, day: number, confidence: number) {
  return makeSession({
    id: id.padEnd(32, "0"),
    userId: who.id,
    userName: `${who.profile.firstName} ${who.profile.lastName}`,
    status: "completed",
    startedAt: `2026-11-${String(day).padStart(2, "0")}T10:00:00Z`,
    metrics: { confidence, clarity: 50, pace: 50, volume: 50 } as never,
  });
}

// Sam's and Riley's sessions alternate in time: one line through all of them would zigzag
// between two people.
const sessions = [
  scored("a", sam, 2, 40),
  scored("b", riley, 3, 80),
  scored("c", sam, 4, 50),
  scored("d", riley, 5, 90),
];

function openHistory(person: string | null) {
  vi.spyOn(navigation, "useSearchParams").mockReturnValue(
    new URLSearchParams(person ? { person } : {}) as never,
  );
  return mockFetch([
    {
      method: "GET",
      path: "/api/v1/users",
      reply: { body: { items: [manager, sam, riley], total: 3, offset: 0, limit: 100 } },
    },
    {
      method: "GET",
      path: "/api/v1/sessions",
      reply: (call) => {
        const userId = call.search.get("userId");
        const items = sessions.filter((s) => !userId || s.userId === userId);
        return { body: { items, total: items.length, offset: 0, limit: 100 } };
      },
    },
  ]);
}

describe("TrainingHistory for a manager", () => {
  it("draws one line per person for the whole team", async () => {
    openHistory("all");
    const { user } = renderWithProviders(<TrainingHistory />, { user: manager });
    const people = await screen.findByRole("list", { name: "People" });
    expect(
      within(people)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["Sam Seller", "Riley Rep"]);
    const chart = screen.getByRole("img", { name: /Confidence over time, by person/ });
    const lines = chart.querySelectorAll("polyline");
    expect(lines).toHaveLength(2);
    // Each line joins the dots of one person only.
    const titles = [...lines].map((line) =>
      [...(line.parentElement?.querySelectorAll("title") ?? [])].map(
        (title) => title.textContent?.split(":")[0],
      ),
    );
    expect(titles).toEqual([
      ["Sam Seller", "Sam Seller"],
      ["Riley Rep", "Riley Rep"],
    ]);
    expect(chart).toHaveAccessibleName(/Latest: Sam Seller 50, Riley Rep 90\./);

    await user.selectOptions(screen.getByLabelText("Score"), "clarity");
    expect(screen.getByRole("img", { name: /Clarity over time, by person/ })).toBeVisible();
  });

  it("keeps the person chosen in the address, so that going back shows them again", async () => {
    const api = openHistory(riley.id);
    const { user } = renderWithProviders(<TrainingHistory />, { user: manager });
    await waitFor(() => expect(screen.getByLabelText("Whose sessions")).toHaveValue(riley.id));
    await waitFor(() =>
      expect(api.callsTo("GET", "/api/v1/sessions").map((c) => c.search.get("userId"))).toContain(
        riley.id,
      ),
    );
    await user.selectOptions(screen.getByLabelText("Whose sessions"), sam.id);
    expect(router.replace).toHaveBeenCalledWith(`/training/history/?person=${sam.id}`, {
      scroll: false,
    });
    await user.selectOptions(screen.getByLabelText("Whose sessions"), "");
    expect(router.replace).toHaveBeenLastCalledWith("/training/history/?person=all", {
      scroll: false,
    });
  });
});
