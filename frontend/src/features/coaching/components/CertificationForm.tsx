"use client";

import { useEffect, useId, useRef, useState } from "react";

import { Alert, Button, CONTROL_CLASSES, cx, Field, TextField } from "@/ui";

import {
  useCreateCertification,
  useUpdateCertification,
  type Certification,
  type CertificationCreate,
  type CertificationUpdate,
} from "../api";
import { validatePassMark, validateValidDays } from "../validation";
import { ScenarioOptions } from "./ScenarioOptions";

const NAME_MAX = 120;
const DESCRIPTION_MAX = 2000;
/** The pass mark a new item starts with (Second Nature's default). */
const DEFAULT_PASS_MARK = 80;

interface Item {
  key: number;
  scenarioId: string;
  passMark: string;
  /** An edited certification's title for the scenario (null: it no longer exists). */
  title?: string | null;
}

let nextKey = 0;
const newItem = (): Item => ({
  key: nextKey++,
  scenarioId: "",
  passMark: String(DEFAULT_PASS_MARK),
});
const itemsOf = (certification?: Certification): Item[] =>
  certification
    ? certification.items.map((item) => ({
        key: nextKey++,
        scenarioId: item.scenarioId,
        passMark: String(item.passMark),
        title: item.scenarioTitle,
      }))
    : [newItem()];

interface Errors {
  name?: string;
  validDays?: string;
  /** By item key: what is wrong with its scenario or its pass mark. */
  items: Record<number, { scenario?: string; passMark?: string }>;
}

function check(name: string, validDays: string, items: Item[]): Errors | null {
  const errors: Errors = { items: {} };
  if (!name.trim()) errors.name = "Name the certification.";
  errors.validDays = validateValidDays(validDays) ?? undefined;
  for (const item of items) {
    const scenario = item.scenarioId ? undefined : "Choose a scenario.";
    const passMark = validatePassMark(item.passMark) ?? undefined;
    if (scenario || passMark) errors.items[item.key] = { scenario, passMark };
  }
  const found = errors.name || errors.validDays || Object.keys(errors.items).length > 0;
  return found ? errors : null;
}

/** What a PATCH sends: only the fields that differ from `before`. */
function changes(before: Certification, after: CertificationCreate): CertificationUpdate {
  const body: CertificationUpdate = {};
  if (after.name !== before.name) body.name = after.name;
  if (after.description !== (before.description ?? null)) body.description = after.description;
  if (after.validDays !== (before.validDays ?? null)) body.validDays = after.validDays;
  const items = (list: CertificationCreate["items"]) =>
    JSON.stringify(list.map((item) => [item.scenarioId, item.passMark]));
  // Left alone, the items are not sent: a scenario archived since still counts then.
  if (items(after.items) !== items(before.items)) body.items = after.items;
  return body;
}

interface CertificationFormProps {
  /** The certification to edit, whose values the form starts from; without it, a new one. */
  certification?: Certification;
  /** The submit button's label (by default "Define certification", or "Save changes"). */
  submitLabel?: string;
  /** When editing: after a save (or a submit with nothing changed). */
  onSaved?: () => void;
  /** When given, a Cancel button that calls it. */
  onCancel?: () => void;
}

/**
 * Define a certification, or edit one: a name, the scenarios to pass with each one's pass mark,
 * a validity.
 */
export function CertificationForm({
  certification,
  submitLabel,
  onSaved,
  onCancel,
}: CertificationFormProps) {
  const id = useId();
  const create = useCreateCertification();
  const update = useUpdateCertification();
  const save = certification ? update : create;
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(certification?.name ?? "");
  const [description, setDescription] = useState(certification?.description ?? "");
  const [validDays, setValidDays] = useState(
    certification?.validDays == null ? "" : String(certification.validDays),
  );
  const [items, setItems] = useState<Item[]>(() => itemsOf(certification));
  const [errors, setErrors] = useState<Errors>({ items: {} });
  const change = (key: number, patch: Partial<Item>) =>
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  // The scenarios the other rows name.
  const taken = (row: Item) =>
    new Set(items.filter((item) => item.key !== row.key).map((item) => item.scenarioId));

  // An edit form opens where the Edit button was: take the focus to its first field.
  const editing = certification !== undefined;
  useEffect(() => {
    if (editing) nameRef.current?.focus();
  }, [editing]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = check(name, validDays, items);
    setErrors(found ?? { items: {} });
    if (found) return;
    const body: CertificationCreate = {
      name: name.trim(),
      description: description.trim() || null,
      validDays: validDays === "" ? null : Number(validDays),
      items: items.map((item) => ({
        scenarioId: item.scenarioId,
        passMark: Number(item.passMark),
      })),
    };
    if (certification) {
      const patch = changes(certification, body);
      if (Object.keys(patch).length === 0) onSaved?.();
      else update.mutate({ id: certification.id, body: patch }, { onSuccess: () => onSaved?.() });
      return;
    }
    create.mutate(body, {
      onSuccess: () => {
        setName("");
        setDescription("");
        setValidDays("");
        setItems([newItem()]);
      },
    });
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      // A refused save's message goes once the manager changes anything: it no longer applies.
      onInput={() => save.isError && save.reset()}
      className="space-y-4"
      aria-label={certification ? `Edit ${certification.name}` : "New certification"}
    >
      {save.isError && <Alert tone="error">{save.error.message}</Alert>}
      <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <TextField
          ref={nameRef}
          label="Name"
          required
          maxLength={NAME_MAX}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
          placeholder="e.g. Price objections"
        />
        <TextField
          label="Valid for (days)"
          type="number"
          min={1}
          inputMode="numeric"
          value={validDays}
          onChange={(event) => setValidDays(event.target.value)}
          error={errors.validDays}
          hint="Empty: it never expires."
        />
      </div>
      <Field label="Description" id={`${id}-description`} hint="Optional.">
        <textarea
          id={`${id}-description`}
          rows={2}
          maxLength={DESCRIPTION_MAX}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          aria-describedby={`${id}-description-hint`}
          className={cx(CONTROL_CLASSES, "w-full py-2")}
        />
      </Field>
      {/* min-w-0: a fieldset is otherwise as wide as its widest scenario title, past the card. */}
      <fieldset className="min-w-0 space-y-2">
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Scenarios to pass, each with its pass mark (overall score, 0-100)
        </legend>
        <ol className="space-y-2">
          {items.map((item, index) => {
            const problem = errors.items[item.key];
            const errorId = `${id}-item-${item.key}-error`;
            const invalid = (message?: string) =>
              message ? { "aria-invalid": true, "aria-describedby": errorId } : {};
            return (
              <li
                key={item.key}
                className="flex flex-wrap items-center gap-2"
                data-testid="certification-item"
              >
                <label htmlFor={`${id}-scenario-${item.key}`} className="sr-only">
                  Scenario {index + 1}
                </label>
                <select
                  id={`${id}-scenario-${item.key}`}
                  value={item.scenarioId}
                  onChange={(event) => change(item.key, { scenarioId: event.target.value })}
                  {...invalid(problem?.scenario)}
                  className={cx(CONTROL_CLASSES, "h-10 w-0 min-w-0 grow basis-60 pr-8")}
                >
                  <ScenarioOptions
                    taken={taken(item)}
                    current={item.title === undefined ? undefined : item}
                  />
                </select>
                <label htmlFor={`${id}-mark-${item.key}`} className="sr-only">
                  Pass mark {index + 1}
                </label>
                <input
                  id={`${id}-mark-${item.key}`}
                  type="number"
                  min={0}
                  max={100}
                  inputMode="numeric"
                  value={item.passMark}
                  onChange={(event) => change(item.key, { passMark: event.target.value })}
                  {...invalid(problem?.passMark)}
                  className={cx(CONTROL_CLASSES, "h-10 w-24")}
                />
                {items.length > 1 && (
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() =>
                      setItems((current) => current.filter((other) => other.key !== item.key))
                    }
                    aria-label={`Remove scenario ${index + 1}`}
                  >
                    Remove
                  </Button>
                )}
                {problem && (
                  <p id={errorId} className="basis-full text-sm text-red-600 dark:text-red-400">
                    {[problem.scenario, problem.passMark].filter(Boolean).join(" ")}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => setItems((current) => [...current, newItem()])}
        >
          Add a scenario
        </Button>
      </fieldset>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" loading={save.isPending}>
          {submitLabel ?? (certification ? "Save changes" : "Define certification")}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
