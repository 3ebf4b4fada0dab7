import { describe, expect, it } from "vitest";

import { ApiError, isNotFound, unwrap } from "@/lib/api/call";
import { NOT_FOUND_LINK, problemMessage } from "@/lib/api/problem";
import { fieldLabel } from "@/lib/api/validationText";

function invalid(...errors: { loc: (string | number)[]; msg: string; type: string }[]) {
  return {
    status: 422,
    code: "validation_error" as const,
    detail: "The request did not validate.",
    errors,
  };
}

describe("validation problems in words", () => {
  it("names the field as a form does and drops pydantic's union branches", () => {
    // What the server answers for a first name of 101 characters in PATCH /users/me.
    const problem = invalid(
      {
        loc: ["body", "profile", "ProfileUpdate", "firstName", "constrained-str"],
        msg: "String should have at most 100 characters",
        type: "string_too_long",
      },
      {
        loc: ["body", "profile", "ProfileUpdate", "firstName", "none"],
        msg: "Input should be None",
        type: "none_required",
      },
    );
    expect(problemMessage(problem)).toBe("First name is too long: use at most 100 characters.");
  });

  it("writes one sentence per field", () => {
    const problem = invalid(
      { loc: ["body", "email"], msg: "Field required", type: "missing" },
      {
        loc: ["query", "limit"],
        msg: "Input should be less than or equal to 100",
        type: "less_than_equal",
      },
      {
        loc: ["body", "role"],
        msg: "Input should be 'admin', 'manager' or 'salesperson'",
        type: "enum",
      },
    );
    expect(problemMessage(problem)).toBe(
      "E-mail address is required. Limit must be at most 100. " +
        "Role must be one of 'admin', 'manager' or 'salesperson'.",
    );
  });

  it("never shows the raw text of an unknown kind of error", () => {
    const problem = invalid({
      loc: ["body", "url"],
      msg: "Input should be a valid URL, relative URL without a base",
      type: "url_parsing",
    });
    expect(problemMessage(problem)).toBe("Url is not valid.");
  });

  it("turns field names into labels", () => {
    expect(fieldLabel("lastName")).toBe("Last name");
    expect(fieldLabel("session_id")).toBe("Session");
    expect(fieldLabel("managerId")).toBe("Manager");
  });
});

describe("a bad link", () => {
  it("reads as not found, and is not worth trying again", async () => {
    // GET /api/v1/training/sessions/not-an-id
    const problem = invalid({
      loc: ["path", "session_id"],
      msg: "String should match pattern '^[0-9a-f]{32}$'",
      type: "string_pattern_mismatch",
    });
    expect(problemMessage(problem)).toBe(NOT_FOUND_LINK);
    const response = new Response(JSON.stringify(problem), { status: 422 });
    const failed = await unwrap(Promise.resolve({ error: problem, response })).catch(
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(ApiError);
    expect(isNotFound(failed)).toBe(true);
    expect(isNotFound(new ApiError("Gone", 404, null))).toBe(true);
    expect(isNotFound(new ApiError("Down", 503, null))).toBe(false);
  });
});

describe("the sign-in lockout", () => {
  it("says when to try again once", () => {
    const response = new Response(null, { status: 429, headers: { "Retry-After": "900" } });
    const problem = {
      status: 429,
      code: "too_many_attempts" as const,
      detail: "Too many failed sign-in attempts; try again later.",
    };
    expect(problemMessage(problem, response)).toBe(
      "Too many failed sign-in attempts. Try again in 15 minutes.",
    );
  });
});
