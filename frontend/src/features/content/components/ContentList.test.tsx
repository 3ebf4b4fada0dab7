import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { makeContent } from "@/test/content";

import { ContentRow } from "./ContentList";

describe("ContentRow", () => {
  it("names the vehicle the copy is about before its channel and author", () => {
    render(
      <ul>
        <ContentRow item={makeContent({ vehicleName: "2024 Toyota RAV4 XLE Hybrid" })} />
      </ul>,
    );
    expect(screen.getByText(/^2024 Toyota RAV4 XLE Hybrid · Instagram · Sam Seller/)).toBeVisible();
  });

  it("says nothing of a vehicle for an offer without one", () => {
    render(
      <ul>
        <ContentRow item={makeContent()} />
      </ul>,
    );
    expect(screen.getByText(/^Instagram · Sam Seller/)).toBeVisible();
  });
});
