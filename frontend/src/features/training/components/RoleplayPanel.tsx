"use client";

import { useMemo } from "react";

import { Alert, Button, cx } from "@/ui";
import { MicIcon } from "@/ui/icons";
import { Section } from "@/ui/Section";

import type { Roleplay } from "../hooks/useRoleplay";
import { liveConversation, OUTCOME_TITLES } from "../roleplay";
import type { TranscriptWord } from "../transcript";
import { Conversation } from "./Conversation";

type Floor = "customer" | "waiting" | "salesperson" | "idle";

const FLOOR_TEXT: Record<Floor, string> = {
  customer: "The customer is speaking: your microphone is paused until they finish.",
  waiting: "The customer is thinking…",
  salesperson: "Your turn: talk, then pause for a moment or press Done speaking.",
  idle: "Start recording: the customer speaks first.",
};

function floorOf(roleplay: Roleplay, recording: boolean): Floor {
  if (roleplay.speaking) return "customer";
  if (roleplay.waiting) return "waiting";
  return recording ? "salesperson" : "idle";
}

/** The live role-play: whose turn it is, "Done speaking", the conversation and how it ended. */
export function RoleplayPanel({
  roleplay,
  words,
  recording,
}: {
  roleplay: Roleplay;
  /** The live transcript: the salesperson's side of the conversation. */
  words: readonly TranscriptWord[];
  recording: boolean;
}) {
  const { stored, replies, ended } = roleplay;
  const turns = useMemo(() => liveConversation(stored, words, replies), [stored, words, replies]);
  const floor = floorOf(roleplay, recording);
  const last = replies.at(-1);
  return (
    <Section
      id="conversation"
      title="Conversation"
      description="The customer answers when you pause; the report transcribes it again, more carefully."
    >
      <div className="space-y-4">
        {ended ? (
          <Alert
            tone={ended.outcome === "walked_away" ? "warning" : "success"}
            title={ended.outcome ? OUTCOME_TITLES[ended.outcome] : "The conversation is over"}
          >
            The role-play is over: stop and analyse to see how the conversation went.
          </Alert>
        ) : (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p
              className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300"
              role="status"
              data-testid="turn-status"
              data-turn={floor}
            >
              <span
                aria-hidden="true"
                className={cx(
                  "inline-flex size-7 items-center justify-center rounded-full",
                  floor === "salesperson"
                    ? "bg-red-100 text-red-600 dark:bg-red-950 dark:text-red-400"
                    : "bg-zinc-100 text-zinc-600 line-through dark:bg-zinc-800 dark:text-zinc-400",
                )}
              >
                <MicIcon className="size-4" />
              </span>
              {FLOOR_TEXT[floor]}
            </p>
            <Button
              variant="secondary"
              size="sm"
              onClick={roleplay.endTurn}
              disabled={floor !== "salesperson"}
            >
              Done speaking
            </Button>
          </div>
        )}
        {roleplay.error && <Alert tone="warning">{roleplay.error}</Alert>}
        {/* Screen readers hear each of the customer's lines as it comes. */}
        <p className="sr-only" aria-live="polite" data-testid="customer-says">
          {last ? `The customer says: ${last.text}` : ""}
        </p>
        <Conversation
          turns={turns}
          emptyText="The customer's opening line appears here, then what you say and their replies."
        />
      </div>
    </Section>
  );
}
