import type { User } from "@/lib/api/types";

type Person = Pick<User, "email" | "profile">;

export function displayName(user: Person): string {
  const name = `${user.profile.firstName} ${user.profile.lastName}`.trim();
  return name || user.email;
}

export function initials(user: Person): string {
  const { firstName, lastName } = user.profile;
  const letters = `${firstName.charAt(0)}${lastName.charAt(0)}`.trim();
  return (letters || user.email.charAt(0)).toUpperCase();
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "—" : dateTime.format(date);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "—" : dateOnly.format(date);
}

/** A noun's singular, or its singular and plural where adding "s" would be wrong. */
export type Noun = string | readonly [one: string, many: string];

export function nounFor(count: number, noun: Noun): string {
  const [one, many] = typeof noun === "string" ? [noun, `${noun}s`] : noun;
  return count === 1 ? one : many;
}

/** "1 photo", "3 photos": the count with the noun that agrees with it. */
export function plural(count: number, noun: Noun): string {
  return `${count} ${nounFor(count, noun)}`;
}

export function greeting(now: Date = new Date()): string {
  const hour = now.getHours();
  if (hour < 12) return "Good morning";
  if (hour < 18) return "Good afternoon";
  return "Good evening";
}
