"use client";

import { useCallback, useRef, useState } from "react";

import { problemMessage } from "@/lib/api/problem";

interface Outcome<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * Runs one API call for a form: tracks pending state, turns a failure into the message to show
 * (the problem's `detail`), and ignores double submits.
 */
export function useSubmit() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  const submit = useCallback(
    async <D>(
      call: () => Promise<Outcome<D>>,
    ): Promise<{ ok: true; data: D } | { ok: false; code?: string; status: number }> => {
      if (busy.current) return { ok: false, status: 0 };
      busy.current = true;
      setPending(true);
      setError(null);
      try {
        const { data, error: problem, response } = await call();
        if (response.ok) return { ok: true, data: data as D };
        setError(problemMessage(problem, response));
        const code = (problem as { code?: unknown } | undefined)?.code;
        return {
          ok: false,
          code: typeof code === "string" ? code : undefined,
          status: response.status,
        };
      } catch {
        setError(problemMessage(undefined));
        return { ok: false, status: 0 };
      } finally {
        busy.current = false;
        setPending(false);
      }
    },
    [],
  );

  return { pending, error, setError, submit };
}
