import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Trends } from "../api";
import { TrendSection, weeklyValues } from "./TrendSection";

const WEEKS = ["2026-11-16", "2026-11-23", "2026-11-30"];

function trends(people: number): Trends {
  return {
    weeks: WEEKS,
    people: Array.from({ length: people }, (_, i) => ({
      userId: `p${i}`.padEnd(32, "0"),
      name: `Person ${i + 1}`,
      points: WEEKS.map((week, w) => ({
        week,
        sessions: 1,
        confidence: null,
        clarity: null,
        pace: null,
        volume: null,
        overall: 50 + i + w,
      })),
    })),
  };
}

function Section({ data }: { data: Trends }) {
  return (
    <TrendSection
      id="t"
      title="Score trends"
      description="Overall per person."
      rowHeader="Person"
      plural="people"
      emptyNote="A line appears for each person once one of their sessions is analysed."
      maxLines={10}
      query={{ isPending: false, error: null, data, refetch: () => {} }}
      series={(t) =>
        t.people.map((p) => ({
          id: p.userId,
          label: p.name,
          values: weeklyValues(t.weeks, p, "overall"),
        }))
      }
    />
  );
}

describe("TrendSection", () => {
  it("says there are no scores yet instead of drawing empty axes", () => {
    const { container } = render(<Section data={{ weeks: WEEKS, people: [] }} />);
    expect(screen.getByText("No scores in this period yet")).toBeVisible();
    expect(container.querySelector(".recharts-surface")).toBeNull();
  });

  it("draws one line per person", () => {
    const { container } = render(<Section data={trends(3)} />);
    expect(container.querySelectorAll(".recharts-line")).toHaveLength(3);
    expect(screen.queryByText(/table view lists all/)).not.toBeInTheDocument();
  });

  it("draws the first ten people of a large team and lists everyone in the table", async () => {
    const user = userEvent.setup();
    const { container } = render(<Section data={trends(12)} />);
    expect(container.querySelectorAll(".recharts-line")).toHaveLength(10);
    expect(
      screen.getByText(
        "The chart draws the first 10 of the 12 people; the table view lists them all.",
      ),
    ).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Table" }));
    const rows = within(screen.getByRole("table", { name: "Score trends" })).getAllByRole("row");
    expect(rows).toHaveLength(13);
    expect(rows[12]).toHaveTextContent("Person 12616263");
  });

  it("puts each point in its week, leaving weeks without practice empty", () => {
    const data = trends(1);
    data.people[0]!.points = [data.people[0]!.points[2]!];
    expect(weeklyValues(data.weeks, data.people[0]!, "overall")).toEqual([null, null, 52]);
  });
});
