"use client";

import { useId } from "react";

import { CONTROL_CLASSES, cx, Field } from "@/ui";

/** A labelled multi-line text field, with its hint read out with it. */
export function TextArea({
  label,
  hint,
  value,
  onChange,
  rows = 3,
  maxLength,
  required,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  maxLength?: number;
  required?: boolean;
}) {
  const id = useId();
  return (
    <Field label={label} id={id} hint={hint}>
      <textarea
        id={id}
        rows={rows}
        maxLength={maxLength}
        required={required}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className={cx(CONTROL_CLASSES, "w-full py-2")}
      />
    </Field>
  );
}
