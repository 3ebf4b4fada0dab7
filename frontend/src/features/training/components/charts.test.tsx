import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { makeSession } from "@/test/training";

import { LoudnessChart, PaceChart, TrendChart } from "./charts";

// The charts draw at 640 px wide in tests (no layout): the plot runs from x 44 to x 626.
const PLOT = { left: 44, right: 626 };

function xs(svg: HTMLElement): number[] {
  const dots = [...svg.querySelectorAll("circle")].map((dot) => Number(dot.getAttribute("cx")));
  const lines = [...svg.querySelectorAll("polyline")].flatMap((line) =>
    (line.getAttribute("points") ?? "").split(" ").map((point) => Number(point.split(",")[0])),
  );
  return [...dots, ...lines];
}

describe("PaceChart", () => {
  // What the server sends for a 13.7 s recording: one 30 s window, most of it after the end.
  const short = { points: [{ start: 0, end: 30, value: 157.6 }], duration: 13.651 };

  it("draws the one reading of a recording shorter than a window inside the chart", () => {
    render(<PaceChart {...short} />);
    const svg = screen.getByRole("img", {
      name: "Pace over time One reading: 158 words per minute.",
    });
    const dots = svg.querySelectorAll("circle");
    expect(dots).toHaveLength(1);
    const x = Number(dots[0]?.getAttribute("cx"));
    expect(x).toBeGreaterThan(PLOT.left);
    expect(x).toBeLessThan(PLOT.right);
    expect(dots[0]?.textContent).toBe("0:06: 158 wpm");
  });

  it("says why there is no curve", () => {
    render(<PaceChart {...short} />);
    expect(
      screen.getByText(
        "158 words per minute over the whole recording: a curve needs more than 30 seconds of speech.",
      ),
    ).toBeInTheDocument();
  });

  it("draws a curve, without the note, when there are several readings", () => {
    render(
      <PaceChart
        points={[
          { start: 0, end: 30, value: 150 },
          { start: 5, end: 35, value: 170 },
        ]}
        duration={33}
      />,
    );
    const svg = screen.getByRole("img", { name: /^Pace over time/ });
    expect(svg.querySelectorAll("polyline")).toHaveLength(1);
    expect(Math.max(...xs(svg))).toBeLessThan(PLOT.right);
    expect(screen.queryByText(/a curve needs/)).not.toBeInTheDocument();
  });
});

describe("the time axis", () => {
  function timeLabels(duration: number): string[] {
    render(<PaceChart points={[{ start: 0, end: 30, value: 150 }]} duration={duration} />);
    const svg = screen.getByRole("img", { name: /^Pace over time/ });
    return [...svg.querySelectorAll("text")]
      .map((label) => label.textContent ?? "")
      .filter((label) => /^\d+:\d\d$/.test(label));
  }

  it("is labelled in whole seconds evenly spaced, as a clock reads them", () => {
    expect(timeLabels(13.651)).toEqual(["0:00", "0:05", "0:10"]);
  });

  it("steps in whole minutes for a long recording", () => {
    expect(timeLabels(185)).toEqual(["0:00", "1:00", "2:00", "3:00"]);
  });
});

describe("LoudnessChart", () => {
  it("keeps the last, partly recorded second inside the chart", () => {
    render(
      <LoudnessChart
        points={[
          { start: 12, end: 13, value: -20 },
          { start: 13, end: 14, value: -30 },
        ]}
        duration={13.2}
      />,
    );
    const svg = screen.getByRole("img", { name: /^Loudness over time/ });
    expect(Math.max(...xs(svg))).toBeLessThanOrEqual(PLOT.right);
  });

  it("names its target band under the chart, where the line cannot cross the words", () => {
    render(<LoudnessChart points={[{ start: 0, end: 1, value: -20 }]} duration={1} />);
    const svg = screen.getByRole("img", { name: /^Loudness over time/ });
    const key = screen.getByText("Target speaking level: -24 to -16 dBFS");
    expect(svg).not.toContainElement(key);
    const drawn = [...svg.querySelectorAll("text")].map((text) => text.textContent).join(" ");
    expect(drawn).not.toMatch(/level|target/i);
  });
});

describe("TrendChart", () => {
  it("shows its empty state, not bare axes, when the analysed sessions have no score", () => {
    const silent = makeSession({
      status: "completed",
      metrics: { confidence: null, clarity: null, pace: null, volume: null } as never,
    });
    render(<TrendChart sessions={[silent]} />);
    expect(screen.getByText(/Scores appear here once a session has been analysed/)).toBeVisible();
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
    expect(screen.queryByText("Confidence")).not.toBeInTheDocument();
  });
});
