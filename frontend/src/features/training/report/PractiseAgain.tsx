"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { buttonClasses } from "@/ui";

import { sessionCalls, type Session } from "../api";
import { liveHref } from "../links";

/** A new session of the same scenario (and mode), for a report with items to work on. */
export function PractiseAgain({ scenarioId, mode }: { scenarioId: string; mode: Session["mode"] }) {
  const router = useRouter();
  const [state, setState] = useState<"idle" | "starting" | "failed">("idle");
  const start = async () => {
    setState("starting");
    try {
      const next = await sessionCalls.create({ scenarioId, mode });
      router.push(liveHref(next.id));
    } catch {
      setState("failed");
    }
  };
  return (
    <p className="flex items-center gap-3">
      <button
        type="button"
        className={buttonClasses("secondary", "sm")}
        disabled={state === "starting"}
        onClick={() => void start()}
      >
        Practise this again
      </button>
      {state === "failed" && (
        <span className="text-xs text-red-600 dark:text-red-400">
          The session could not be started; try again.
        </span>
      )}
    </p>
  );
}
