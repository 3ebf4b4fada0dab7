import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BeforeAfterSlider } from "./BeforeAfterSlider";

describe("BeforeAfterSlider", () => {
  it("moves with the keyboard", async () => {
    const user = userEvent.setup();
    render(<BeforeAfterSlider before="/in" after="/out" name="car.jpg" />);
    const slider = screen.getByRole("slider", { name: "Compare before and after: car.jpg" });
    expect(slider).toHaveAttribute("aria-valuenow", "50");
    expect(screen.getByAltText("car.jpg, original")).toHaveAttribute("src", "/in");
    expect(screen.getByAltText("car.jpg, processed")).toHaveAttribute("src", "/out");

    await user.tab();
    expect(slider).toHaveFocus();
    await user.keyboard("{ArrowLeft}");
    expect(slider).toHaveAttribute("aria-valuenow", "45");
    await user.keyboard("{Shift>}{ArrowRight}{/Shift}");
    expect(slider).toHaveAttribute("aria-valuenow", "65");
    await user.keyboard("{End}");
    expect(slider).toHaveAttribute("aria-valuenow", "100");
    await user.keyboard("{ArrowRight}");
    expect(slider).toHaveAttribute("aria-valuenow", "100");
    await user.keyboard("{Home}");
    expect(slider).toHaveAttribute("aria-valuetext", "0 % original");
  });

  it("draws the original where the framing put it on the result", () => {
    render(
      <BeforeAfterSlider
        before="/in"
        after="/out"
        name="car.jpg"
        placement={{
          outputWidth: 800,
          outputHeight: 600,
          left: 100,
          top: -60,
          width: 600,
          height: 450,
        }}
      />,
    );
    const original = screen.getByAltText("car.jpg, original");
    expect(original).toHaveStyle({ left: "12.5%", top: "-10%", width: "75%", height: "75%" });
    expect(screen.getByAltText("car.jpg, processed")).toHaveClass("size-full");
  });

  it("shows both whole without a placement", () => {
    render(<BeforeAfterSlider before="/in" after="/out" name="car.jpg" placement={null} />);
    expect(screen.getByAltText("car.jpg, original")).toHaveClass("size-full", "object-contain");
  });
});
