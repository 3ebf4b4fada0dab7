import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { WeeklyBars } from "./UsageCharts";

describe("WeeklyBars", () => {
  it("writes its legend in the chart's text colour, not in the bars' colours", () => {
    render(
      <WeeklyBars
        weeks={["2026-11-23", "2026-11-30"]}
        series={[
          { key: "active", label: "Active people", values: [3, 4] },
          { key: "photos", label: "Photos processed", values: [10, 12] },
        ]}
        label="Usage per week"
      />,
    );
    // Recharts colours the element around the label; the label's own colour wins over it.
    for (const name of ["Active people", "Photos processed"]) {
      expect(screen.getByText(name)).toHaveClass("text-zinc-600", "dark:text-zinc-400");
    }
  });
});
