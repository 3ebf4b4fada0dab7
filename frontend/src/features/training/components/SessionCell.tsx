import Link from "next/link";

import type { SessionSummary } from "../api";
import { SESSION_TYPE_LABELS } from "../labels";
import { reportHref } from "../links";
import { sessionTitle } from "./LiveSession";

/** A session in a list: its title linking to the report, its type below. */
export function SessionCell({ session }: { session: SessionSummary }) {
  return (
    <>
      <Link
        href={reportHref(session.id)}
        className="font-medium text-zinc-900 hover:underline dark:text-zinc-100"
      >
        {sessionTitle(session)}
      </Link>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {SESSION_TYPE_LABELS[session.sessionType]}
        {session.source === "upload" && " · uploaded"}
      </p>
    </>
  );
}
