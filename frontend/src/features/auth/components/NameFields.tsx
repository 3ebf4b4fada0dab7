import { NAME_MAX_LENGTH, validateRequired } from "@/lib/validation";
import { TextField } from "@/ui";

export type NameField = "firstName" | "lastName";
export type Names = Record<NameField, string>;

const NAME_FIELDS: { field: NameField; label: string; autoComplete: string; missing: string }[] = [
  {
    field: "firstName",
    label: "First name",
    autoComplete: "given-name",
    missing: "Enter your first name.",
  },
  {
    field: "lastName",
    label: "Last name",
    autoComplete: "family-name",
    missing: "Enter your last name.",
  },
];

/** Checks for the first and last name, to spread into `collectErrors`. */
export function validateNames(names: Names): Record<NameField, string | null> {
  const [first, last] = NAME_FIELDS.map(({ field, missing }) =>
    validateRequired(names[field], missing),
  );
  return { firstName: first ?? null, lastName: last ?? null };
}

/** "First name" and "Last name", shared by the invitation and the profile form. */
export function NameFields({
  values,
  onChange,
  errors,
  named = false,
}: {
  values: Names;
  onChange: (field: NameField, value: string) => void;
  errors: Partial<Record<NameField, string>>;
  /** Also give each input a `name` (the autocomplete token). */
  named?: boolean;
}) {
  return NAME_FIELDS.map(({ field, label, autoComplete }) => (
    <TextField
      key={field}
      label={label}
      name={named ? autoComplete : undefined}
      autoComplete={autoComplete}
      value={values[field]}
      maxLength={NAME_MAX_LENGTH}
      onChange={(event) => onChange(field, event.target.value)}
      error={errors[field]}
    />
  ));
}
