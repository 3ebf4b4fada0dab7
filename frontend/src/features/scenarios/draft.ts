// A scenario as its editor holds it: the lists as text, one entry per line, so that a manager
// writes customer lines, phrases and exemplar answers as plain text.
import type { SessionType } from "@/features/training";

import type { RubricItemIn, Scenario, ScenarioCreate } from "./api";

/** The judge's default pass mark (replay.sale's 70), as the server applies it. */
export const DEFAULT_PASS_MARK = 70;

export interface ItemDraft {
  key: number;
  id: string | null; // kept on edit, so sessions' results stay comparable
  label: string;
  phrases: string;
  pass: string;
  fail: string;
}

export interface ScenarioDraft {
  sessionType: SessionType;
  title: string;
  persona: string;
  situation: string;
  vehicle: string;
  customerLines: string;
  passMark: string;
  rubric: ItemDraft[];
}

let nextKey = 0;

export function emptyItem(): ItemDraft {
  return { key: nextKey++, id: null, label: "", phrases: "", pass: "", fail: "" };
}

export function emptyDraft(): ScenarioDraft {
  return {
    sessionType: "objection",
    title: "",
    persona: "",
    situation: "",
    vehicle: "",
    customerLines: "",
    passMark: String(DEFAULT_PASS_MARK),
    rubric: [emptyItem()],
  };
}

const text = (entries: readonly string[] | undefined) => (entries ?? []).join("\n");

/** The non-empty lines of `value`, trimmed. */
export function lines(value: string): string[] {
  return value
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** `scenario` to edit; `copy` (of a built-in one) drops its ids, which the new one makes afresh. */
export function draftOf(scenario: Scenario, { copy = false } = {}): ScenarioDraft {
  return {
    sessionType: scenario.sessionType,
    title: copy ? `${scenario.title} (our version)` : scenario.title,
    persona: scenario.persona,
    situation: scenario.situation,
    vehicle: scenario.vehicle,
    customerLines: text(scenario.customerLines),
    passMark: String(scenario.passMark),
    rubric: scenario.rubric.map((item) => ({
      key: nextKey++,
      id: copy ? null : item.id,
      label: item.label,
      phrases: text(item.phrases),
      pass: text(item.exemplars?.pass),
      fail: text(item.exemplars?.fail),
    })),
  };
}

function itemBody(item: ItemDraft): RubricItemIn {
  const pass = lines(item.pass);
  const fail = lines(item.fail);
  return {
    ...(item.id ? { id: item.id } : {}),
    label: item.label.trim(),
    phrases: lines(item.phrases),
    ...(pass.length || fail.length ? { exemplars: { pass, fail } } : {}),
  };
}

/** The body the scenarios API takes (the server trims and checks again). */
export function bodyOf(draft: ScenarioDraft): ScenarioCreate {
  return {
    sessionType: draft.sessionType,
    title: draft.title.trim(),
    persona: draft.persona.trim(),
    situation: draft.situation.trim(),
    vehicle: draft.vehicle.trim(),
    customerLines: lines(draft.customerLines),
    passMark: Number(draft.passMark),
    rubric: draft.rubric.map(itemBody),
  };
}
