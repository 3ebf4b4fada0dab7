import type { ProblemCode, ProblemDetails } from "@/lib/api/types";
import { isBadAddress, validationText } from "@/lib/api/validationText";

// RFC 9457 problem details, as the backend renders every error (generated: Problem). Members
// are optional here: an error body is read before anything is known of it.
export type Problem = Partial<ProblemDetails>;

export function asProblem(error: unknown): Problem | null {
  if (error && typeof error === "object" && !Array.isArray(error)) return error as Problem;
  return null;
}

function retryAfterText(response?: Response): string | null {
  const header = response?.headers.get("Retry-After");
  const seconds = header ? Number.parseInt(header, 10) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  if (seconds < 90) return `Try again in ${seconds} seconds.`;
  return `Try again in ${Math.ceil(seconds / 60)} minutes.`;
}

/** The message to show a person for a failed call: the problem's `detail` first. */
export function problemMessage(error: unknown, response?: Response, fallback?: string): string {
  const problem = asProblem(error);
  const parts: string[] = [];
  if (isBadAddress(problem)) {
    parts.push(NOT_FOUND_LINK);
  } else if (problem?.status === 422 || response?.status === 422) {
    parts.push(validationText(problem ?? {}) ?? problem?.detail ?? "Some fields are not valid.");
  } else if (problem?.detail) {
    parts.push(problem.detail);
  } else if (problem?.title) {
    parts.push(problem.title);
  } else if (typeof error === "string" && error && !error.trimStart().startsWith("<")) {
    parts.push(error);
  } else {
    parts.push(fallback ?? defaultMessage(response?.status));
  }
  if (response?.status === 429) {
    const wait = retryAfterText(response);
    if (wait && !parts[0]?.includes(wait)) {
      // "…; try again later." says less than the wait that follows: say it once.
      parts[0] = (parts[0] ?? "").replace(/[;,.]?\s*try again later\.?$/i, ".");
      parts.push(wait);
    }
  }
  return parts.join(" ");
}

export const NOT_FOUND_LINK =
  "Not found: what this link points at does not exist, or the link is incomplete.";

function defaultMessage(status?: number): string {
  if (status === undefined) return "The server could not be reached. Check your connection.";
  if (status >= 500) return "The server had a problem. Please try again.";
  if (status === 403) return "You are not allowed to do this.";
  if (status === 404) return "Not found: it may have been deleted, or the link is out of date.";
  return "The request failed.";
}

export function problemCode(error: unknown): ProblemCode | undefined {
  return asProblem(error)?.code;
}
