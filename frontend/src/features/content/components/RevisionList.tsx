import { formatDateTime } from "@/lib/format";
import { Card, CardHeader } from "@/ui";

import type { Revision } from "../api";

const ACTIONS: Record<Revision["action"], string> = {
  created: "Created",
  generated: "Generated in a batch",
  edited: "Edited",
  submitted: "Submitted for review",
  published: "Published",
  rejected: "Sent back",
};

/** Who did what, and when: every step is kept. */
export function RevisionList({ revisions }: { revisions: Revision[] }) {
  if (revisions.length === 0) return null;
  return (
    <Card aria-labelledby="revisions-title">
      <CardHeader titleId="revisions-title" title="History" />
      <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Revisions">
        {[...revisions].reverse().map((revision) => (
          <li
            key={revision.number}
            className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-5 py-3 text-sm"
          >
            <span className="w-8 shrink-0 tabular-nums text-zinc-500 dark:text-zinc-400">
              #{revision.number}
            </span>
            <span className="font-medium text-zinc-900 dark:text-zinc-100">
              {ACTIONS[revision.action]}
            </span>
            <span className="text-zinc-500 dark:text-zinc-400">
              {revision.authorName ?? "Someone"} · {formatDateTime(revision.createdAt)}
            </span>
            {revision.comment && (
              <p className="basis-full pl-11 text-zinc-600 dark:text-zinc-400">
                “{revision.comment}”
              </p>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}
