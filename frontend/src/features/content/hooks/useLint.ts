"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";

import { useDebounced } from "@/lib/useDebounced";

import { contentCalls, type Channel, type Finding, type Offer } from "../api";

/** Long enough not to lint every keystroke, short enough to feel live. */
export const LINT_DELAY_MS = 350;

export interface LintState {
  findings: Finding[];
  /** The text the findings belong to: spans only line up with exactly this text. */
  lintedText: string | null;
  /** True while the text typed has not been checked yet. */
  checking: boolean;
  error: string | null;
}

interface LintInput {
  text: string;
  channel: Channel;
  subject: string | null;
  offer: Offer | null;
  vehicleId: string | null;
}

/** The linter's findings for a text, re-checked (debounced) as it changes. */
export function useLint(
  text: string,
  channel: Channel,
  {
    subject,
    offer,
    vehicleId,
  }: { subject?: string | null; offer?: Offer | null; vehicleId?: string | null } = {},
): LintState {
  // Debounced as a string: an object made afresh on each render would restart the timer forever.
  const key = useDebounced(
    JSON.stringify({
      text,
      channel,
      subject: subject ?? null,
      offer: offer ?? null,
      vehicleId: vehicleId ?? null,
    }),
    LINT_DELAY_MS,
  );
  const request = useMemo(() => JSON.parse(key) as LintInput, [key]);
  const query = useQuery({
    queryKey: ["content", "lint", request],
    queryFn: async () => ({
      text: request.text,
      findings: (
        await contentCalls.lint({
          text: request.text,
          channel: request.channel,
          ...(request.subject ? { subject: request.subject } : {}),
          ...(request.offer ? { offer: request.offer } : {}),
          // Some state rules are about the car itself (its VIN or stock number in the ad).
          ...(request.vehicleId ? { vehicleId: request.vehicleId } : {}),
        })
      ).findings,
    }),
    enabled: request.text.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const lintedText = query.data?.text ?? null;
  return {
    findings: query.data?.findings ?? [],
    lintedText,
    checking: text.trim().length > 0 && (lintedText !== text || query.isFetching),
    error: query.isError ? query.error.message : null,
  };
}
