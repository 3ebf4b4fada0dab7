import { describe, expect, it } from "vitest";

import { problemMessage } from "@/lib/api/problem";

describe("problemMessage", () => {
  it("prefers the problem detail", () => {
    expect(problemMessage({ title: "Conflict", detail: "Already taken.", status: 409 })).toBe(
      "Already taken.",
    );
  });

  it("says in words which field did not validate for 422", () => {
    const error = {
      status: 422,
      detail: "The request did not validate.",
      errors: [
        { loc: ["body", "email"], msg: "value is not a valid email address", type: "value_error" },
      ],
    };
    expect(problemMessage(error)).toBe("E-mail address is not a valid e-mail address.");
  });

  it("falls back to a message for the status when the body is not a problem", () => {
    const response = new Response("<html>", { status: 502 });
    expect(problemMessage("<html>", response)).toBe("The server had a problem. Please try again.");
  });
});
