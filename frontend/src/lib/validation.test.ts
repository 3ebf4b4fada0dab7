import { describe, expect, it } from "vitest";

import openapi from "@/lib/api/openapi.json";
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PHONE_MAX_LENGTH } from "@/lib/validation";

type Schemas = Record<string, { properties: Record<string, { maxLength?: number }> }>;
const schemas = openapi.components.schemas as unknown as Schemas;

function maxLength(schema: string, field: string): number | undefined {
  return schemas[schema]?.properties[field]?.maxLength;
}

describe("the forms' length limits", () => {
  it("are the server's", () => {
    expect(maxLength("ProfileUpdate", "firstName")).toBe(NAME_MAX_LENGTH);
    expect(maxLength("ProfileUpdate", "lastName")).toBe(NAME_MAX_LENGTH);
    expect(maxLength("AcceptInvitationIn", "firstName")).toBe(NAME_MAX_LENGTH);
    expect(maxLength("ProfileUpdate", "phone")).toBe(PHONE_MAX_LENGTH);
    expect(maxLength("LoginIn", "email")).toBe(EMAIL_MAX_LENGTH);
  });
});
