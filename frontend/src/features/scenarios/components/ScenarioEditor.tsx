"use client";

import { useState } from "react";

import { SESSION_TYPES, type SessionType } from "@/features/training";
import { Alert, Button, SelectField, TextField } from "@/ui";

import { useSaveScenario, type Scenario } from "../api";
import { bodyOf, emptyItem, type ItemDraft, type ScenarioDraft } from "../draft";
import { TextArea } from "./TextArea";

// The server's limits (training/scenarios/schemas.py, speech/rubric.py), enforced as typed.
const TITLE_MAX = 120;
const TEXT_MAX = 2000;
const VEHICLE_MAX = 200;
const LABEL_MAX = 120;
const MAX_ITEMS = 20;

function RubricItem({
  item,
  number,
  onChange,
  onRemove,
}: {
  item: ItemDraft;
  number: number;
  onChange: (patch: Partial<ItemDraft>) => void;
  onRemove: (() => void) | null;
}) {
  return (
    <li>
      <fieldset
        className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
        data-testid="rubric-item"
      >
        <legend className="px-1 text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Item {number}
        </legend>
        <TextField
          label="What the salesperson should do"
          required
          maxLength={LABEL_MAX}
          value={item.label}
          onChange={(event) => onChange({ label: event.target.value })}
          placeholder="e.g. Acknowledge the concern"
        />
        <TextArea
          label="Phrases"
          hint="One per line; saying one counts. `*` stands for one word, `...` for a few."
          required
          rows={2}
          value={item.phrases}
          onChange={(phrases) => onChange({ phrases })}
        />
        <div className="grid gap-3 md:grid-cols-2">
          <TextArea
            label="Answers that pass"
            hint="One per line: whole sentences the judge compares by meaning."
            value={item.pass}
            onChange={(pass) => onChange({ pass })}
          />
          <TextArea
            label="Answers that fail"
            hint="Near misses that must not pass: pushy, or off the point."
            value={item.fail}
            onChange={(fail) => onChange({ fail })}
          />
        </div>
        {onRemove && (
          <Button variant="ghost" size="sm" onClick={onRemove} aria-label={`Remove item ${number}`}>
            Remove item
          </Button>
        )}
      </fieldset>
    </li>
  );
}

/**
 * Writes a new scenario (`scenario` null) or edits one of the dealership's own: the customer,
 * their lines, the rubric with exemplar answers, and the pass mark of the judge's overall score.
 */
export function ScenarioEditor({
  scenario,
  initial,
  onSaved,
}: {
  scenario: Scenario | null;
  initial: ScenarioDraft;
  onSaved: (saved: Scenario) => void;
}) {
  const save = useSaveScenario();
  const [draft, setDraft] = useState(initial);
  const set = (patch: Partial<ScenarioDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const setItem = (key: number, patch: Partial<ItemDraft>) =>
    set({
      rubric: draft.rubric.map((item) => (item.key === key ? { ...item, ...patch } : item)),
    });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    save.mutate(
      { scenarioId: scenario?.id ?? null, body: bodyOf(draft) },
      { onSuccess: (saved) => onSaved(saved) },
    );
  };

  return (
    <form
      onSubmit={submit}
      className="space-y-4"
      aria-label={scenario ? `Edit ${scenario.title}` : "New scenario"}
    >
      {save.isError && <Alert tone="error">{save.error.message}</Alert>}
      <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)]">
        <TextField
          label="Title"
          required
          maxLength={TITLE_MAX}
          value={draft.title}
          onChange={(event) => set({ title: event.target.value })}
        />
        <SelectField
          label="Type"
          value={draft.sessionType}
          onChange={(event) => set({ sessionType: event.target.value as SessionType })}
        >
          {SESSION_TYPES.map((type) => (
            <option key={type.value} value={type.value}>
              {type.label}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Pass mark"
          type="number"
          required
          min={0}
          max={100}
          inputMode="numeric"
          value={draft.passMark}
          onChange={(event) => set({ passMark: event.target.value })}
          hint="Overall score (0-100) to pass."
        />
      </div>
      <TextArea
        label="Customer (persona)"
        maxLength={TEXT_MAX}
        value={draft.persona}
        onChange={(persona) => set({ persona })}
      />
      <TextArea
        label="Situation"
        maxLength={TEXT_MAX}
        value={draft.situation}
        onChange={(situation) => set({ situation })}
      />
      <TextField
        label="Vehicle"
        maxLength={VEHICLE_MAX}
        value={draft.vehicle}
        onChange={(event) => set({ vehicle: event.target.value })}
      />
      <TextArea
        label="Customer lines"
        hint="What the customer says, one line each, in order."
        value={draft.customerLines}
        onChange={(customerLines) => set({ customerLines })}
      />
      <section aria-label="Rubric" className="space-y-2">
        <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Rubric</h3>
        <ol className="space-y-3">
          {draft.rubric.map((item, index) => (
            <RubricItem
              key={item.key}
              item={item}
              number={index + 1}
              onChange={(patch) => setItem(item.key, patch)}
              onRemove={
                draft.rubric.length > 1
                  ? () => set({ rubric: draft.rubric.filter((other) => other.key !== item.key) })
                  : null
              }
            />
          ))}
        </ol>
        {draft.rubric.length < MAX_ITEMS && (
          <Button
            variant="secondary"
            size="sm"
            onClick={() => set({ rubric: [...draft.rubric, emptyItem()] })}
          >
            Add an item
          </Button>
        )}
      </section>
      <Button type="submit" loading={save.isPending}>
        {scenario ? "Save changes" : "Create scenario"}
      </Button>
    </form>
  );
}
