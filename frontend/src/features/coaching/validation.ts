/** The server's ranges (PassMark, ValidDays in training/assignments and certifications). */
const PASS_MARK_MAX = 100;
const VALID_DAYS_MAX = 3650;

const isWholeIn = (value: string, min: number, max: number) => {
  const number = Number(value);
  return value.trim() !== "" && Number.isInteger(number) && number >= min && number <= max;
};

export function validatePassMark(value: string): string | null {
  return isWholeIn(value, 0, PASS_MARK_MAX)
    ? null
    : `Enter a whole number from 0 to ${PASS_MARK_MAX}.`;
}

/** Empty is allowed: the award never expires. */
export function validateValidDays(value: string): string | null {
  return value === "" || isWholeIn(value, 1, VALID_DAYS_MAX)
    ? null
    : `Enter a whole number of days from 1 to ${VALID_DAYS_MAX}, or leave it empty.`;
}

/** A day as a date input writes it (yyyy-mm-dd), in the user's own time zone. */
export function localDate(date: Date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
