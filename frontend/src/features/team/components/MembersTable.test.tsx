import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { makeMember } from "@/test/team";

import { MembersTable } from "./MembersTable";

const names = () =>
  screen
    .getAllByTestId("member-row")
    .map((row) => within(row).getAllByRole("link")[0]!.textContent);

describe("MembersTable", () => {
  const ana = makeMember({
    name: "Ana Able",
    sessions: { week: 0, days30: 2, total: 30 },
    scores: { confidence: 55, clarity: 60, pace: 50, volume: 70 },
    scoreTrend: { confidence: 12, clarity: null, pace: -4, volume: 0 },
    assignments: { open: 1, overdue: 2 },
    certifications: [
      {
        id: "c".repeat(32),
        name: "Price objections",
        awardedAt: "2026-11-01T10:00:00Z",
        expiresAt: null,
      },
    ],
  });
  const ben = makeMember({
    name: "Ben Best",
    sessions: { week: 3, days30: 9, total: 12 },
    scores: { confidence: 90, clarity: null, pace: 80, volume: 85 },
    lastPracticeAt: null,
  });
  const cy = makeMember({ name: "Cy Calm", sessions: { week: 1, days30: 5, total: 5 } });

  it("shows each person's practice, scores with their trend, assignments and certifications", () => {
    render(<MembersTable members={[ana, ben, cy]} />);
    const table = screen.getByRole("table", { name: "Team members" });

    const anaRow = within(table).getAllByTestId("member-row")[0]!;
    expect(within(anaRow).getByRole("link", { name: "Ana Able" })).toHaveAttribute(
      "href",
      expect.stringMatching(new RegExp(`^/team/person/?\\?id=${ana.userId}$`)),
    );
    // Confidence 55 with its 30-day change, pace falling.
    expect(anaRow).toHaveTextContent("55+12");
    expect(anaRow).toHaveTextContent("50−4");
    expect(within(anaRow).getByText("2 overdue")).toBeInTheDocument();
    expect(within(anaRow).getByText("1 open")).toBeInTheDocument();
    // Overdue work marks the whole row.
    expect(anaRow.className).toMatch(/bg-red/);
    expect(within(anaRow).getByRole("list", { name: "Certifications" })).toHaveTextContent(
      "Certified: Price objections",
    );

    const benRow = within(table).getAllByTestId("member-row")[1]!;
    expect(benRow).toHaveTextContent("Never");
    expect(within(benRow).getByText("None")).toBeInTheDocument();
    expect(benRow.className).not.toMatch(/bg-red/);
  });

  it("sorts by a column, highest first, then the other way, with people without a value last", async () => {
    const user = userEvent.setup();
    render(<MembersTable members={[cy, ana, ben]} />);
    // The server's order (by last name) until a column is chosen.
    expect(names()).toEqual(["Cy Calm", "Ana Able", "Ben Best"]);
    const person = screen.getByRole("columnheader", { name: /Person/ });
    await user.click(within(person).getByRole("button"));
    expect(person).toHaveAttribute("aria-sort", "ascending");
    expect(names()).toEqual(["Ana Able", "Ben Best", "Cy Calm"]);
    // Only the sorted column shows its direction; the others keep no room for it.
    expect(person).toHaveTextContent(/^Person↑$/);
    expect(screen.getByRole("columnheader", { name: /Clarity/ })).toHaveTextContent(/^Clarity$/);

    const header = screen.getByRole("columnheader", { name: /30 days/ });
    expect(header).toHaveAttribute("aria-sort", "none");
    await user.click(within(header).getByRole("button"));
    expect(header).toHaveAttribute("aria-sort", "descending");
    expect(names()).toEqual(["Ben Best", "Cy Calm", "Ana Able"]);
    await user.click(within(header).getByRole("button"));
    expect(header).toHaveAttribute("aria-sort", "ascending");
    expect(names()).toEqual(["Ana Able", "Cy Calm", "Ben Best"]);

    // Ben has no clarity score: last in both directions.
    const clarity = screen.getByRole("columnheader", { name: /Clarity/ });
    await user.click(within(clarity).getByRole("button"));
    expect(names().at(-1)).toBe("Ben Best");
    await user.click(within(clarity).getByRole("button"));
    expect(names().at(-1)).toBe("Ben Best");

    // Assignments: overdue work first.
    await user.click(
      within(screen.getByRole("columnheader", { name: /Assignments/ })).getByRole("button"),
    );
    await user.click(
      within(screen.getByRole("columnheader", { name: /Assignments/ })).getByRole("button"),
    );
    expect(screen.getByRole("columnheader", { name: /Assignments/ })).toHaveAttribute(
      "aria-sort",
      "descending",
    );
    expect(names()[0]).toBe("Ana Able");
  });
});
