/** The login page, remembering where to come back to. */
export function loginPath(next?: string): string {
  if (!next || next === "/" || next.startsWith("/login")) return "/login/";
  return `/login/?next=${encodeURIComponent(next)}`;
}

/** A safe place to go after signing in: only same-site paths, never another origin. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/login")) return "/";
  return next;
}
