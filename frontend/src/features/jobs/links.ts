import type { Job } from "@/lib/api/types";

// Every read of a job signs new download links (valid 15 minutes). Swapping an <img> to a new
// link reloads the picture, so a re-read keeps the links already shown while they still have
// a good while to run.
const KEEP_IF_VALID_FOR_MS = 6 * 60_000;

/** When a signed link (/api/v1/downloads/<JWT>) expires, in ms; null when it cannot be read. */
export function linkExpiry(url: string | null): number | null {
  const token = url?.split("/").filter(Boolean).pop();
  const payload = token?.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

function keep(previous: string | null | undefined, fresh: string | null, now: number) {
  if (!previous || !fresh) return fresh;
  const expiry = linkExpiry(previous);
  return expiry !== null && expiry - now > KEEP_IF_VALID_FOR_MS ? previous : fresh;
}

export function keepFreshLinks(previous: Job | undefined, fresh: Job, now = Date.now()): Job {
  if (!previous || previous.id !== fresh.id) return fresh;
  const before = new Map(previous.items.map((item) => [item.id, item]));
  return {
    ...fresh,
    archiveUrl: keep(previous.archiveUrl, fresh.archiveUrl, now),
    items: fresh.items.map((item) => {
      const old = before.get(item.id);
      if (!old) return item;
      return {
        ...item,
        inputUrl: keep(old.inputUrl, item.inputUrl, now),
        // A result that was replaced (a retry) is a different file: take its new link.
        outputUrl:
          old.outputBytes === item.outputBytes
            ? keep(old.outputUrl, item.outputUrl, now)
            : item.outputUrl,
      };
    }),
  };
}
