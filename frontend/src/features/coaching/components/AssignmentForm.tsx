"use client";

import { useId, useState } from "react";

import { ApiError } from "@/lib/api/call";
import { displayName } from "@/lib/format";
import { collectErrors, hasErrors, validateRequired, type FieldErrors } from "@/lib/validation";
import { Alert, Button, CONTROL_CLASSES, cx, Field, SelectField, TextField } from "@/ui";

import { useCreateAssignments, useSalespeople, type AssignmentCreate } from "../api";
import { WEEKDAYS, weekdayOf } from "../labels";
import { localDate, validatePassMark } from "../validation";
import { ScenarioOptions } from "./ScenarioOptions";

const EVERYONE = "*";
const NOTE_MAX = 2000;

const initial = () => ({
  userId: "",
  scenarioId: "",
  due: "",
  note: "",
  weekly: false,
  weekday: weekdayOf(new Date()),
  passMark: "",
  passOn: "overall" as AssignmentCreate["passOn"],
});

/** The end of the chosen day, where the person is: due that evening, not at midnight UTC. */
const endOfDay = (day: string) => new Date(`${day}T23:59:00`).toISOString();

type Fields = "userId" | "scenarioId" | "due" | "passMark";

/**
 * Ask a salesperson, or the whole team, to practise a scenario: when, why, how often, and what
 * score counts as done.
 */
export function AssignmentForm() {
  const id = useId();
  const people = useSalespeople();
  const create = useCreateAssignments();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<Fields>>({});
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const team = people.data?.items ?? [];
  // The server's own check of the day (its clock, not the browser's) belongs under Due too.
  const dueRefused =
    create.error instanceof ApiError && create.error.code === "due_in_past"
      ? create.error.message
      : null;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = collectErrors<Fields>({
      userId: validateRequired(form.userId, "Choose a salesperson, or everyone on the team."),
      scenarioId: validateRequired(form.scenarioId, "Choose a scenario."),
      // Date inputs write yyyy-mm-dd, so comparing the strings compares the days.
      due: form.due && form.due < localDate() ? "Choose today or a later date." : null,
      // Empty: the scenario's own pass mark.
      passMark: form.passMark === "" ? null : validatePassMark(form.passMark),
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const userIds = form.userId === EVERYONE ? team.map((person) => person.id) : [form.userId];
    create.mutate(
      {
        userIds,
        body: {
          scenarioId: form.scenarioId,
          note: form.note.trim() || null,
          dueAt: form.due ? endOfDay(form.due) : null,
          recurrence: form.weekly ? "weekly" : "none",
          weekday: form.weekly ? form.weekday : null,
          passMark: form.passMark === "" ? null : Number(form.passMark),
          passOn: form.passOn,
        },
      },
      { onSuccess: () => setForm(initial()) },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="New assignment">
      {create.isError && !dueRefused && <Alert tone="error">{create.error.message}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Person"
          required
          value={form.userId}
          onChange={(event) => set("userId", event.target.value)}
          disabled={people.isPending}
          error={errors.userId}
        >
          <option value="" disabled>
            {people.isPending ? "Loading…" : "Choose a salesperson"}
          </option>
          {team.length > 1 && (
            <option value={EVERYONE}>Everyone on the team ({team.length} people)</option>
          )}
          {team.map((person) => (
            <option key={person.id} value={person.id}>
              {displayName(person)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Scenario"
          required
          value={form.scenarioId}
          onChange={(event) => set("scenarioId", event.target.value)}
          error={errors.scenarioId}
        >
          <ScenarioOptions />
        </SelectField>
        <TextField
          label="Due"
          type="date"
          value={form.due}
          min={localDate()}
          onChange={(event) => {
            set("due", event.target.value);
            if (dueRefused) create.reset();
          }}
          error={errors.due ?? dueRefused}
          hint={
            form.weekly
              ? "Of the first one; each next one is due a week after it starts."
              : "Optional."
          }
        />
        <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <TextField
            label="Pass mark"
            type="number"
            min={0}
            max={100}
            inputMode="numeric"
            placeholder="Scenario's own"
            value={form.passMark}
            onChange={(event) => set("passMark", event.target.value)}
            error={errors.passMark}
            hint="0-100: done when an attempt reaches it."
          />
          <SelectField
            label="Scored on"
            value={form.passOn}
            onChange={(event) => set("passOn", event.target.value as AssignmentCreate["passOn"])}
            disabled={form.passMark === ""}
          >
            <option value="overall">Overall score</option>
            <option value="rubric">Rubric (% of items)</option>
          </SelectField>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex h-10 items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
          <input
            type="checkbox"
            checked={form.weekly}
            onChange={(event) => set("weekly", event.target.checked)}
            className="size-4 rounded border-zinc-300 text-brand-600 focus:ring-brand-500"
          />
          Repeat every week
        </label>
        {form.weekly && (
          <SelectField
            label="On"
            value={form.weekday}
            onChange={(event) => set("weekday", Number(event.target.value))}
            fieldClassName="w-44"
          >
            {WEEKDAYS.map((day, index) => (
              <option key={day} value={index}>
                {day}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      <Field label="Note" id={`${id}-note`} hint="What to work on, in a sentence or two. Optional.">
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={NOTE_MAX}
          value={form.note}
          onChange={(event) => set("note", event.target.value)}
          aria-describedby={`${id}-note-hint`}
          className={cx(CONTROL_CLASSES, "w-full py-2")}
          placeholder="e.g. Acknowledge the concern before you answer it."
        />
      </Field>
      <Button type="submit" loading={create.isPending}>
        Assign
      </Button>
    </form>
  );
}
