import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { Pagination } from "./Pagination";

describe("Pagination", () => {
  it("names one row in the singular and several in the plural", () => {
    const { rerender } = render(
      <Pagination offset={0} limit={20} total={1} onChange={vi.fn()} noun="job" />,
    );
    expect(screen.getByRole("navigation")).toHaveTextContent("1–1 of 1 job");
    expect(screen.getByRole("navigation")).not.toHaveTextContent("jobs");
    rerender(<Pagination offset={0} limit={20} total={3} onChange={vi.fn()} noun="job" />);
    expect(screen.getByRole("navigation")).toHaveTextContent("1–3 of 3 jobs");
    rerender(<Pagination offset={0} limit={20} total={0} onChange={vi.fn()} noun="job" />);
    expect(screen.getByRole("navigation")).toHaveTextContent("No jobs");
  });
});
