"use client";

import { useEffect, useId, useRef, useState } from "react";

import { errorMessage } from "@/lib/api/call";
import { Alert, Button, Card, CardBody, CardHeader, cx, ListError, ListLoading } from "@/ui";

import { sessionCalls, useScenarios, type Scenario, type Session } from "../api";
import { SESSION_TYPES, type SessionType } from "../labels";
import { canRoleplay, type Mode } from "../roleplay";
import { ScenarioBrief } from "./ScenarioBrief";

/** A choice: one scenario, or free practice of a type (no scenario). */
export type Choice = { type: SessionType; scenarioId: string | null };

const FREE = "__free__";

const MODES: { value: Mode; title: string; detail: string }[] = [
  {
    value: "solo",
    title: "On your own",
    detail: "The customer's lines are read out when you click them; you answer in one go.",
  },
  {
    value: "roleplay",
    title: "Role-play",
    detail: "The customer answers back, turn by turn, until they agree or walk away.",
  },
];

function firstOf(scenarios: Scenario[], type: SessionType): Choice {
  return { type, scenarioId: scenarios.find((each) => each.sessionType === type)?.id ?? null };
}

function OptionCard({
  name,
  value,
  checked,
  onChange,
  title,
  detail,
  clamp = false,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: () => void;
  title: string;
  detail: string;
  /** A scenario's situation can run long and is shown whole beside the list; a mode's
   * description is all there is to go on, so it is never cut. */
  clamp?: boolean;
}) {
  return (
    <label
      className={cx(
        "flex cursor-pointer gap-3 rounded-lg border px-3.5 py-3 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500",
        checked
          ? "border-brand-500 bg-brand-50/60 dark:border-brand-400 dark:bg-brand-950/40"
          : "border-zinc-200 hover:border-zinc-300 dark:border-zinc-800 dark:hover:border-zinc-700",
      )}
    >
      <input
        type="radio"
        name={name}
        value={value}
        checked={checked}
        onChange={onChange}
        className="mt-1 accent-brand-600"
      />
      <span className="min-w-0">
        <span className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">{title}</span>
        <span
          className={cx(
            "text-xs text-zinc-600 dark:text-zinc-400",
            clamp ? "line-clamp-2" : "block",
          )}
        >
          {detail}
        </span>
      </span>
    </label>
  );
}

/**
 * Choose what to practise (a type, then one of its scenarios or free practice) and start: the
 * session is created, and the page switches to the recorder.
 */
export function ScenarioPicker({
  choice: picked,
  onChoice,
  onStarted,
  reveal = 0,
}: {
  /** Null until the person picks: the first pitch scenario. */
  choice: Choice | null;
  onChoice: (choice: Choice) => void;
  onStarted: (session: Session) => void;
  /** Changed by a choice made elsewhere (an assignment), to bring the start button to view. */
  reveal?: number;
}) {
  const query = useScenarios();
  const name = useId();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>("solo");
  const startButton = useRef<HTMLButtonElement>(null);
  const scenarios: Scenario[] = query.data ?? [];
  const choice = picked ?? firstOf(scenarios, "pitch");
  const ofType = scenarios.filter((scenario) => scenario.sessionType === choice.type);
  const chosen = scenarios.find((scenario) => scenario.id === choice.scenarioId) ?? null;

  // "Practise" on an assignment brings the start button into view and focus.
  useEffect(() => {
    if (!reveal) return;
    startButton.current?.scrollIntoView?.({ block: "center", behavior: "smooth" });
    startButton.current?.focus({ preventScroll: true });
  }, [reveal]);

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const session = await sessionCalls.create(
        choice.scenarioId
          ? { scenarioId: choice.scenarioId, mode: chosen && canRoleplay(chosen) ? mode : "solo" }
          : { sessionType: choice.type, mode: "solo" },
      );
      onStarted(session);
    } catch (failure) {
      setError(errorMessage(failure));
      setStarting(false);
    }
  };

  return (
    <Card aria-labelledby="picker-title">
      <CardHeader
        titleId="picker-title"
        title="Practise"
        description="Pick what to practise. The customer's lines are read out; then it is your turn."
      />
      <CardBody className="space-y-5">
        <fieldset className="flex flex-wrap gap-2">
          <legend className="sr-only">Kind of practice</legend>
          {SESSION_TYPES.map((type) => (
            <label
              key={type.value}
              className={cx(
                "cursor-pointer rounded-lg border px-3.5 py-2 text-sm font-medium transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-500",
                choice.type === type.value
                  ? "border-brand-600 bg-brand-600 text-white dark:border-brand-500 dark:bg-brand-500"
                  : "border-zinc-300 text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800",
              )}
            >
              <input
                type="radio"
                name={`${name}-type`}
                value={type.value}
                checked={choice.type === type.value}
                onChange={() => onChoice(firstOf(scenarios, type.value))}
                className="sr-only"
              />
              {type.label}
            </label>
          ))}
        </fieldset>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          {SESSION_TYPES.find((type) => type.value === choice.type)?.description}
        </p>
        {query.isPending ? (
          <ListLoading label="Loading scenarios…" />
        ) : query.isError ? (
          <ListError message={query.error.message} onRetry={() => void query.refetch()} />
        ) : (
          <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
            <fieldset className="space-y-2">
              <legend className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">
                Scenario
              </legend>
              {ofType.map((scenario) => (
                <OptionCard
                  key={scenario.id}
                  name={name}
                  value={scenario.id}
                  checked={choice.scenarioId === scenario.id}
                  onChange={() => onChoice({ type: choice.type, scenarioId: scenario.id })}
                  title={scenario.title}
                  detail={scenario.situation || scenario.persona}
                  clamp
                />
              ))}
              <OptionCard
                name={name}
                value={FREE}
                checked={choice.scenarioId === null}
                onChange={() => onChoice({ type: choice.type, scenarioId: null })}
                title="Free practice"
                detail="No script or rubric: just you, and feedback on how you speak."
              />
            </fieldset>
            <div className="space-y-4 rounded-lg bg-zinc-50 p-4 dark:bg-zinc-900/60">
              {chosen ? (
                <>
                  <h3 className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
                    {chosen.title}
                  </h3>
                  <ScenarioBrief scenario={chosen} speak={false} />
                  {canRoleplay(chosen) && (
                    <fieldset className="space-y-2">
                      <legend className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">
                        How
                      </legend>
                      {MODES.map((each) => (
                        <OptionCard
                          key={each.value}
                          name={`${name}-mode`}
                          value={each.value}
                          checked={mode === each.value}
                          onChange={() => setMode(each.value)}
                          title={each.title}
                          detail={each.detail}
                        />
                      ))}
                    </fieldset>
                  )}
                </>
              ) : (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  Free practice: talk about any vehicle or situation. You get the same live feedback
                  and report, without a rubric.
                </p>
              )}
              {error && <Alert tone="error">{error}</Alert>}
              <div className="flex flex-wrap items-center gap-3">
                <Button ref={startButton} onClick={() => void start()} loading={starting}>
                  Start session
                </Button>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">
                  Your browser will ask to use the microphone.
                </span>
              </div>
            </div>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
