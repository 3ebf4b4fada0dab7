import { asProblem, problemMessage, type Problem } from "@/lib/api/problem";

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
