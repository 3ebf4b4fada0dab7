// Validation problems (422) in words: the server lists each field that did not validate as a
// location and pydantic's message ("profile.ProfileUpdate.firstName.constrained-str: String
// should have at most 100 characters"), which is for developers. People read one sentence per
// field, named as the form names it.
import type { Problem } from "@/lib/api/problem";

type Issue = NonNullable<Problem["errors"]>[number];

const LOCATIONS = new Set(["body", "query", "path", "header", "cookie"]);
// The tags pydantic puts in a location for the branch of a union it tried: never a field name.
const BRANCH_TAGS = new Set(["none", "str", "int", "float", "bool", "list", "dict", "literal"]);
// Types that only say "this was not the other branch of the union", when a better one exists.
const BRANCH_TYPES = new Set(["none_required", "is_instance_of", "model_type", "dict_type"]);
// Field names whose words read badly as they are.
const LABELS: Record<string, string> = {
  email: "E-mail address",
  managerId: "Manager",
  userId: "Person",
  vin: "VIN",
  csv: "File",
};

function fieldName(loc: Issue["loc"]): string | null {
  const names = loc.filter(
    (part): part is string =>
      typeof part === "string" &&
      !LOCATIONS.has(part) &&
      !BRANCH_TAGS.has(part) &&
      /^[a-z][A-Za-z0-9_]*$/.test(part),
  );
  return names.at(-1) ?? null;
}

/** "firstName" or "session_id" -> "First name", "Session". */
export function fieldLabel(name: string): string {
  if (LABELS[name]) return LABELS[name];
  const words = name
    .replace(/(_id|Id)$/, "")
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function number(msg: string): string | undefined {
  return /(-?\d+(?:\.\d+)?)/.exec(msg)?.[1];
}

function sentence(issue: Issue, field: string): string {
  const n = number(issue.msg);
  switch (issue.type) {
    case "missing":
      return `${field} is required.`;
    case "string_too_long":
      return `${field} is too long: use at most ${n} characters.`;
    case "string_too_short":
      return n === "1" ? `${field} cannot be empty.` : `${field} needs at least ${n} characters.`;
    case "too_long":
      return `${field} has too many entries: at most ${n}.`;
    case "too_short":
      return `${field} needs at least ${n} entries.`;
    case "greater_than":
      return `${field} must be more than ${n}.`;
    case "greater_than_equal":
      return `${field} must be at least ${n}.`;
    case "less_than":
      return `${field} must be less than ${n}.`;
    case "less_than_equal":
      return `${field} must be at most ${n}.`;
    case "int_parsing":
    case "int_from_float":
    case "float_parsing":
      return `${field} must be a number.`;
    case "bool_parsing":
      return `${field} must be yes or no.`;
    case "datetime_parsing":
    case "datetime_from_date_parsing":
    case "date_parsing":
      return `${field} must be a date.`;
    case "enum":
    case "literal_error":
      return `${field} must be one of ${issue.msg.replace(/^Input should be /, "")}.`;
    case "string_pattern_mismatch":
      return `${field} is not in the expected format.`;
    case "extra_forbidden":
      return `${field} is not expected here.`;
    case "value_error":
      // Our own validators' messages are written for people; the e-mail check's is not.
      if (/email/i.test(issue.msg)) return `${field} is not a valid e-mail address.`;
      return `${field}: ${issue.msg.replace(/^Value error,\s*/, "")}`;
    default:
      return `${field} is not valid.`;
  }
}

/** One sentence per field that did not validate; null when the problem lists none. */
export function validationText(problem: Problem): string | null {
  if (!problem.errors?.length) return null;
  const byField = new Map<string, Issue>();
  for (const issue of problem.errors) {
    const name = fieldName(issue.loc) ?? "";
    const known = byField.get(name);
    if (!known || (BRANCH_TYPES.has(known.type) && !BRANCH_TYPES.has(issue.type))) {
      byField.set(name, issue);
    }
  }
  return [...byField]
    .map(([name, issue]) =>
      name
        ? sentence(issue, fieldLabel(name))
        : issue.type === "json_invalid"
          ? "The request could not be read."
          : "The request is not valid.",
    )
    .join(" ");
}

/** A 422 on the address itself (an id in the path that cannot exist): a bad link. */
export function isBadAddress(problem: Problem | null): boolean {
  const errors = problem?.errors;
  return Boolean(errors?.length && errors.every((issue) => issue.loc[0] === "path"));
}
