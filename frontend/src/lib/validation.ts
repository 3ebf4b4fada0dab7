// Client-side checks mirror the server's rules only as far as is useful for quick feedback;
// the server stays the judge (its problem `detail` is shown when it says no).
export const PASSWORD_MIN_LENGTH = 10;
// The server's length limits (its schemas' maxLength; validation.test.ts holds them to
// openapi.json), so that a form stops the typing rather than sending what will be refused.
export const NAME_MAX_LENGTH = 100;
export const PHONE_MAX_LENGTH = 40;
export const EMAIL_MAX_LENGTH = 320;
export const PASSWORD_MAX_LENGTH = 128;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Whose address it is depends on the form: a user signing in types their own, an admin an invitee's.
export function validateEmail(
  value: string,
  emptyMessage = "Enter your e-mail address.",
): string | null {
  if (!value.trim()) return emptyMessage;
  if (!EMAIL.test(value.trim())) return "Enter a valid e-mail address.";
  return null;
}

export function validateRequired(value: string, message: string): string | null {
  return value.trim() ? null : message;
}

export function validateNewPassword(password: string): string | null {
  if (!password) return "Choose a password.";
  if (password.length < PASSWORD_MIN_LENGTH)
    return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return null;
}

export function validateConfirmation(password: string, confirmation: string): string | null {
  if (!confirmation) return "Repeat the password.";
  return password === confirmation ? null : "The passwords do not match.";
}

export function validateTotp(code: string): string | null {
  const digits = code.replace(/\s+/g, "");
  if (!digits) return "Enter the 6-digit code from your authenticator app.";
  return /^\d{6}$/.test(digits) ? null : "The code is 6 digits.";
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** Keeps only the fields that have an error; empty means the form is valid. */
export function collectErrors<K extends string>(checks: Record<K, string | null>): FieldErrors<K> {
  const errors: FieldErrors<K> = {};
  for (const key of Object.keys(checks) as K[]) {
    const message = checks[key];
    if (message) errors[key] = message;
  }
  return errors;
}

export function hasErrors(errors: object): boolean {
  return Object.keys(errors).length > 0;
}
