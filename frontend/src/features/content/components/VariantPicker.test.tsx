import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { VariantPicker, type VariantView } from "./VariantPicker";

const variants: VariantView[] = [
  { title: "Room for everyone", text: "Meet the 2021 Toyota Highlander XLE. Three rows." },
  {
    title: "Weekend ready",
    text: "Road trips just got easier in this 2021 Highlander, 389 miles a tank.",
    flaggedNumbers: ["389"],
  },
  {
    title: "Deal of the week",
    text: "Only $399/mo!",
    findings: [
      {
        category: "reg-z",
        rule: "reg-z-trigger",
        severity: "error",
        message: "Needs the terms.",
        start: 5,
        end: 13,
        citation: null,
        fix: null,
      },
    ],
  },
];

describe("VariantPicker", () => {
  it("shows the variants side by side and reports the one chosen", async () => {
    const onChoose = vi.fn();
    const { rerender } = render(
      <VariantPicker variants={variants} chosen={0} onChoose={onChoose} />,
    );
    const cards = screen.getAllByTestId("variant");
    expect(cards).toHaveLength(3);
    expect(cards[0]).toHaveTextContent("Room for everyone");
    expect(cards[0]).toHaveAttribute("aria-current", "true");
    expect(within(cards[0]!).getByRole("button", { name: "Variant 1 chosen" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    expect(within(cards[2]!).getByText("1 to fix")).toBeInTheDocument();
    // A model's number that the facts do not support is pointed out, not hidden.
    expect(cards[1]).toHaveTextContent("Not in the vehicle's facts or the offer: 389.");
    expect(cards[0]).not.toHaveTextContent("Not in the vehicle's facts");

    await userEvent.click(within(cards[1]!).getByRole("button", { name: "Use variant 2" }));
    expect(onChoose).toHaveBeenCalledWith(1);

    rerender(<VariantPicker variants={variants} chosen={1} onChoose={onChoose} />);
    expect(screen.getAllByTestId("variant")[1]).toHaveAttribute("aria-current", "true");
    expect(screen.getAllByTestId("variant")[0]).not.toHaveAttribute("aria-current");
  });
});
