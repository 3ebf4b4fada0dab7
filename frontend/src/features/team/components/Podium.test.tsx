import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { LeaderboardEntry } from "@/features/team";

import { Podium } from "./Leaderboard";

const entry = (rank: number, name: string, score: number): LeaderboardEntry => ({
  rank,
  userId: `${name.toLowerCase()}`.padEnd(32, "0"),
  name,
  score,
  level: score - 5,
  improvement: 3,
  sessions: 4,
});

describe("Podium", () => {
  it("puts the top three on the podium in reading order 1st, 2nd, 3rd", () => {
    render(
      <Podium
        entries={[
          entry(1, "Ana", 91.4),
          entry(2, "Ben", 80),
          entry(3, "Cy", 72.6),
          entry(4, "Dee", 60),
        ]}
      />,
    );
    const places = within(screen.getByRole("list", { name: "Podium" })).getAllByRole("listitem");
    expect(places.map((place) => place.textContent)).toEqual([
      "Ana91 pointsPlace: 1st",
      "Ben80 pointsPlace: 2nd",
      "Cy73 pointsPlace: 3rd",
    ]);
    // Drawn as a podium: the winner in the middle, second on the left.
    expect(places[0]!.className).toMatch(/sm:order-2/);
    expect(places[1]!.className).toMatch(/sm:order-1/);
    expect(screen.queryByText("Dee")).not.toBeInTheDocument();
  });

  it("shows as many steps as there are people, and nothing for an empty board", () => {
    const { rerender } = render(<Podium entries={[entry(1, "Solo", 50)]} />);
    expect(
      within(screen.getByRole("list", { name: "Podium" })).getAllByRole("listitem"),
    ).toHaveLength(1);
    rerender(<Podium entries={[]} />);
    expect(screen.queryByRole("list", { name: "Podium" })).not.toBeInTheDocument();
  });
});
