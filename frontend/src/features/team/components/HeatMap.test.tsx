import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { makeMember } from "@/test/team";

import { HeatMap } from "./HeatMap";

describe("HeatMap", () => {
  it("colours each measure against its target and says the figure and the state in words", () => {
    const member = makeMember({ name: "Dana Drill" });
    render(<HeatMap members={[member]} />);

    const table = screen.getByRole("table", { name: /Skills heat map/ });
    const row = within(table).getByRole("row", { name: /Dana Drill/ });
    const cells = within(row).getAllByRole("cell");
    // Overall score, words per minute, fillers, monologue, questions, rubric pass rate.
    expect(cells.map((cell) => cell.textContent)).toEqual([
      "·74, no target",
      "✓150, on target",
      "~2.5, close",
      "✓1:15, on target",
      "!3, off target",
      "✓80 %, on target",
    ]);
    const pace = within(cells[1]!).getByTitle("Dana Drill · Words per minute: 150 (on target)");
    expect(pace).toHaveAttribute("data-status", "good");
    expect(pace.className).toMatch(/bg-emerald/);
    expect(within(cells[2]!).getByTitle(/Fillers per 100 words: 2.5 \(close\)/).className).toMatch(
      /bg-amber/,
    );
    expect(
      within(cells[4]!).getByTitle(/Questions per session: 3 \(off target\)/).className,
    ).toMatch(/bg-red/);
    expect(within(cells[0]!).getByTitle(/Overall score: 74 \(no target\)/)).toHaveAttribute(
      "data-status",
      "unrated",
    );
    expect(within(row).getByRole("link", { name: "Dana Drill" })).toHaveAttribute(
      "href",
      expect.stringMatching(new RegExp(`^/team/person/?\\?id=${member.userId}$`)),
    );
  });

  it("marks a measure without data once, and says so in words", () => {
    const member = makeMember({ name: "Nell New" });
    render(
      <HeatMap members={[{ ...member, measures: { ...member.measures, overallScore: null } }]} />,
    );
    const row = screen.getByRole("row", { name: /Nell New/ });
    expect(within(row).getAllByRole("cell")[0]).toHaveTextContent(/^–No data$/);
  });

  it("shows an average of question counts with a tenth only where it has one", () => {
    const member = makeMember({ name: "Dana Drill" });
    render(
      <HeatMap members={[{ ...member, measures: { ...member.measures, questionsAsked: 2.5 } }]} />,
    );
    expect(screen.getByTitle(/Questions per session: 2.5 /)).toBeInTheDocument();
  });

  it("explains the colours in a legend", () => {
    render(<HeatMap members={[makeMember()]} />);
    expect(
      within(screen.getByRole("list", { name: "Legend" }))
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["✓On target", "~Close", "!Off target", "·No target", "–No data"]);
  });
});
