import { Alert } from "@/ui";

import { Conversation } from "../components/Conversation";
import {
  conversationOutcome,
  OUTCOME_TITLES,
  patienceText,
  reportTurns,
  talkRatioText,
  type Turn,
} from "../roleplay";

function Measure({ label, value, text }: { label: string; value: string; text: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="text-base font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">
        {value}
      </dd>
      <dd className="text-xs text-zinc-600 dark:text-zinc-400">{text}</dd>
    </div>
  );
}

/**
 * A role-play's report: how it ended, the talk ratio and the patience with what they mean, and
 * its turns (objections highlighted, each turn playable from its start).
 */
export function ConversationReport({
  turns,
  talkRatio,
  patienceS,
  onSeek,
}: {
  turns: readonly Turn[];
  talkRatio: number | null;
  patienceS: number | null;
  onSeek?: (seconds: number) => void;
}) {
  const outcome = conversationOutcome(turns);
  const objections = turns.filter((turn) => turn.objection).length;
  return (
    <div className="space-y-4">
      {outcome ? (
        <Alert tone={outcome === "agreed" ? "success" : "warning"} title={OUTCOME_TITLES[outcome]}>
          {outcome === "agreed"
            ? "You earned the yes: see below which turns won the customer over."
            : "They were not convinced: see below where the conversation turned."}
        </Alert>
      ) : (
        <Alert tone="info" title="The session ended before the customer decided" />
      )}
      <dl
        className="grid gap-3 sm:grid-cols-2"
        aria-label="Conversation measures"
        data-testid="conversation-measures"
      >
        <Measure
          label="Talk ratio"
          value={talkRatio == null ? "—" : `${Math.round(talkRatio * 100)} %`}
          text={
            talkRatio == null ? "Nobody spoke long enough to measure." : talkRatioText(talkRatio)
          }
        />
        <Measure
          label="Patience"
          value={patienceS == null ? "—" : `${patienceS.toFixed(1)} s`}
          text={
            patienceS == null
              ? "No objection was answered, so there is no pause to measure."
              : patienceText(patienceS)
          }
        />
      </dl>
      {objections > 0 && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {objections === 1 ? "One objection is" : `${objections} objections are`} highlighted, with
          how long you paused before answering: how you answered them matters most.
        </p>
      )}
      <Conversation
        turns={reportTurns(turns)}
        onSeek={onSeek}
        emptyText="No turns were recorded."
      />
    </div>
  );
}
