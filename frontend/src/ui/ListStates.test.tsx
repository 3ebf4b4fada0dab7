import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { ApiError } from "@/lib/api/call";
import { ListError } from "@/ui/ListStates";

describe("ListError", () => {
  it("offers to try again after a failure that may pass", () => {
    render(
      <ListError message="Down." error={new ApiError("Down.", 503, null)} onRetry={() => {}} />,
    );
    expect(screen.getByRole("button", { name: "Try again" })).toBeVisible();
  });

  it("does not offer it when what was asked for does not exist", () => {
    render(
      <ListError message="Gone." error={new ApiError("Gone.", 404, null)} onRetry={() => {}} />,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Gone.");
    expect(screen.queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
  });
});
