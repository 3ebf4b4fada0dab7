"use client";

import { useId, useState } from "react";

import { Alert, Button, CONTROL_CLASSES, cx, Field, TextField } from "@/ui";

import { useCreateCertification } from "../api";
import { ScenarioOptions } from "./ScenarioOptions";

const NAME_MAX = 120;
const DESCRIPTION_MAX = 2000;
/** The pass mark a new item starts with (Second Nature's default). */
const DEFAULT_PASS_MARK = 80;

interface Item {
  key: number;
  scenarioId: string;
  passMark: string;
}

let nextKey = 0;
const newItem = (): Item => ({
  key: nextKey++,
  scenarioId: "",
  passMark: String(DEFAULT_PASS_MARK),
});

/** Define a certification: a name, the scenarios to pass with each one's pass mark, a validity. */
export function CertificationForm() {
  const id = useId();
  const create = useCreateCertification();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [validDays, setValidDays] = useState("");
  const [items, setItems] = useState<Item[]>(() => [newItem()]);
  const change = (key: number, patch: Partial<Item>) =>
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  // The scenarios the other rows name.
  const taken = (row: Item) =>
    new Set(items.filter((item) => item.key !== row.key).map((item) => item.scenarioId));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        description: description.trim() || null,
        validDays: validDays === "" ? null : Number(validDays),
        items: items.map((item) => ({
          scenarioId: item.scenarioId,
          passMark: Number(item.passMark),
        })),
      },
      {
        onSuccess: () => {
          setName("");
          setDescription("");
          setValidDays("");
          setItems([newItem()]);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="New certification">
      {create.isError && <Alert tone="error">{create.error.message}</Alert>}
      <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <TextField
          label="Name"
          required
          maxLength={NAME_MAX}
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="e.g. Price objections"
        />
        <TextField
          label="Valid for (days)"
          type="number"
          min={1}
          inputMode="numeric"
          value={validDays}
          onChange={(event) => setValidDays(event.target.value)}
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
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Scenarios to pass, each with its pass mark (overall score, 0-100)
        </legend>
        <ol className="space-y-2">
          {items.map((item, index) => (
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
                required
                value={item.scenarioId}
                onChange={(event) => change(item.key, { scenarioId: event.target.value })}
                className={cx(CONTROL_CLASSES, "h-10 min-w-60 flex-1 pr-8")}
              >
                <ScenarioOptions taken={taken(item)} />
              </select>
              <label htmlFor={`${id}-mark-${item.key}`} className="sr-only">
                Pass mark {index + 1}
              </label>
              <input
                id={`${id}-mark-${item.key}`}
                type="number"
                required
                min={0}
                max={100}
                inputMode="numeric"
                value={item.passMark}
                onChange={(event) => change(item.key, { passMark: event.target.value })}
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
            </li>
          ))}
        </ol>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => setItems((current) => [...current, newItem()])}
        >
          Add a scenario
        </Button>
      </fieldset>
      <Button type="submit" loading={create.isPending}>
        Define certification
      </Button>
    </form>
  );
}
