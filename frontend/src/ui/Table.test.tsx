import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { Table, Td, Th } from "@/ui/Table";

function renderTable() {
  const view = render(
    <Table caption="Vehicles">
      <thead>
        <tr>
          <Th>Vehicle</Th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <Td>2022 Ford F-150</Td>
        </tr>
      </tbody>
    </Table>,
  );
  const box = view.getByRole("table").parentElement as HTMLElement;
  const edge = (side: string) =>
    view.container.querySelector(`[data-edge="${side}"]`) as HTMLElement;
  return { box, edge };
}

/** jsdom lays nothing out: give the box the widths a phone would. */
function layOut(box: HTMLElement, scrollWidth: number, clientWidth: number, scrollLeft = 0) {
  Object.defineProperty(box, "scrollWidth", { configurable: true, value: scrollWidth });
  Object.defineProperty(box, "clientWidth", { configurable: true, value: clientWidth });
  box.scrollLeft = scrollLeft;
  fireEvent.scroll(box);
}

describe("Table", () => {
  it("is a plain table, not a tab stop, when it fits", () => {
    const { box, edge } = renderTable();
    layOut(box, 640, 640);
    expect(box).not.toHaveAttribute("tabindex");
    expect(screen.queryByRole("region")).not.toBeInTheDocument();
    expect(edge("before")).toHaveClass("opacity-0");
    expect(edge("after")).toHaveClass("opacity-0");
  });

  it("shows a shadow on each side that hides columns, and can be scrolled from the keyboard", () => {
    const { box, edge } = renderTable();
    layOut(box, 640, 340);
    expect(screen.getByRole("region", { name: "Vehicles" })).toHaveAttribute("tabindex", "0");
    expect(edge("before")).toHaveClass("opacity-0");
    expect(edge("after")).toHaveClass("opacity-100");

    layOut(box, 640, 340, 150);
    expect(edge("before")).toHaveClass("opacity-100");
    expect(edge("after")).toHaveClass("opacity-100");

    layOut(box, 640, 340, 300);
    expect(edge("before")).toHaveClass("opacity-100");
    expect(edge("after")).toHaveClass("opacity-0");
  });
});
