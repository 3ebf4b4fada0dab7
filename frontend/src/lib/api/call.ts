import { asProblem, problemMessage, type Problem } from "@/lib/api/problem";
import { isBadAddress } from "@/lib/api/validationText";

/** A failed API call, carrying the message to show and the problem details behind it. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get code(): string | undefined {
    return this.problem?.code;
  }

  /** What was asked for does not exist (or its link cannot): asking again will not help. */
  get notFound(): boolean {
    return this.status === 404 || isBadAddress(this.problem);
  }
}

/** Whether `error` says the thing asked for does not exist: no "Try again" for it. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.notFound;
}

interface Outcome<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** Resolves to the response data, or throws an ApiError with the problem's detail. */
export async function unwrap<D>(call: Promise<Outcome<D>>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw new ApiError(problemMessage(error, response), response.status, asProblem(error));
  }
  return data as D;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return problemMessage(error);
}
