import { forwardRef, useId } from "react";

import { cx } from "@/ui/cx";

export const CONTROL_CLASSES =
  "block rounded-lg border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-sm transition-colors placeholder:text-zinc-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/25 disabled:cursor-not-allowed disabled:bg-zinc-50 disabled:text-zinc-500 aria-[invalid=true]:border-red-500 aria-[invalid=true]:focus:ring-red-500/25 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500 dark:disabled:bg-zinc-800/60";

interface FieldProps {
  label: React.ReactNode;
  id: string;
  error?: string | null;
  hint?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
  /** Extra content aligned to the right of the label (e.g. "Forgot password?"). */
  aside?: React.ReactNode;
}

/** A label, a control and its hint or error, wired together for assistive technology. */
export function Field({ label, id, error, hint, className, children, aside }: FieldProps) {
  return (
    <div className={cx("space-y-1.5", className)}>
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        {aside}
      </div>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, error?: string | null, hint?: React.ReactNode) {
  if (error) return `${id}-error`;
  if (hint) return `${id}-hint`;
  return undefined;
}

export interface TextFieldProps extends Omit<React.InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: React.ReactNode;
  error?: string | null;
  hint?: React.ReactNode;
  aside?: React.ReactNode;
  id?: string;
  fieldClassName?: string;
}

export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, error, hint, aside, id, className, fieldClassName, ...props },
  ref,
) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <Field
      label={label}
      id={inputId}
      error={error}
      hint={hint}
      aside={aside}
      className={fieldClassName}
    >
      <input
        ref={ref}
        id={inputId}
        className={cx(CONTROL_CLASSES, "h-10 w-full", className)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, error, hint)}
        {...props}
      />
    </Field>
  );
});

export interface SelectFieldProps extends Omit<
  React.SelectHTMLAttributes<HTMLSelectElement>,
  "id"
> {
  label: React.ReactNode;
  error?: string | null;
  hint?: React.ReactNode;
  id?: string;
  fieldClassName?: string;
}

export function SelectField({
  label,
  error,
  hint,
  id,
  className,
  fieldClassName,
  children,
  ...props
}: SelectFieldProps) {
  const generated = useId();
  const selectId = id ?? generated;
  return (
    <Field label={label} id={selectId} error={error} hint={hint} className={fieldClassName}>
      <select
        id={selectId}
        className={cx(CONTROL_CLASSES, "h-10 w-full pr-8", className)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(selectId, error, hint)}
        {...props}
      >
        {children}
      </select>
    </Field>
  );
}
