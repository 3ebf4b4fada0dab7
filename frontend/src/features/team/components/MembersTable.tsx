"use client";

import Link from "next/link";
import { useState } from "react";

import { SCORE_TEXT, SCORES, scoreTone } from "@/features/training";
import { formatDate } from "@/lib/format";
import { Badge, cx, Table, Td, Th } from "@/ui";

import type { Member } from "../api";
import { signed } from "../labels";
import { personHref } from "../links";

type SortValue = string | number | null;

interface Column {
  id: string;
  label: string;
  /** What the column sorts by. */
  value: (member: Member) => SortValue;
  render: (member: Member) => React.ReactNode;
  numeric?: boolean;
}

function ScoreCell({ score, trend }: { score: number | null; trend: number | null }) {
  const change = signed(trend);
  return (
    // The change may drop under the score, so that a long one ("−100") does not widen the column.
    <span className="inline-flex flex-wrap items-baseline gap-x-1">
      <span className={cx("font-semibold", SCORE_TEXT[scoreTone(score)])}>
        {score == null ? "—" : Math.round(score)}
      </span>
      {change && (
        <span
          className="text-xs text-zinc-500 dark:text-zinc-400"
          title="Change of the 30-day average against the 30 days before"
        >
          {change}
        </span>
      )}
    </span>
  );
}

function Assignments({ member }: { member: Member }) {
  const { open, overdue } = member.assignments;
  if (open === 0 && overdue === 0)
    return <span className="text-zinc-500 dark:text-zinc-400">None</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {open > 0 && <Badge>{open} open</Badge>}
      {overdue > 0 && <Badge tone="danger">{overdue} overdue</Badge>}
    </span>
  );
}

const COLUMNS: Column[] = [
  {
    id: "name",
    label: "Person",
    value: (m) => m.name.toLowerCase(),
    // A floor, so that a narrow window scrolls the table rather than squeezing names letter by
    // letter; within it, long names and addresses wrap.
    render: (m) => (
      <div className="min-w-40 wrap-anywhere">
        <Link
          href={personHref(m.userId)}
          className="font-medium text-zinc-900 hover:underline dark:text-zinc-100"
        >
          {m.name}
        </Link>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{m.email}</p>
        {m.certifications.length > 0 && (
          <ul className="mt-1 flex flex-wrap gap-1" aria-label="Certifications">
            {m.certifications.map((cert) => (
              <li key={cert.id}>
                <Badge tone="brand">
                  <span title={certTitle(cert)}>
                    <span aria-hidden="true">✓ </span>
                    <span className="sr-only">Certified: </span>
                    {cert.name}
                  </span>
                </Badge>
              </li>
            ))}
          </ul>
        )}
      </div>
    ),
  },
  {
    id: "week",
    label: "This week",
    value: (m) => m.sessions.week,
    render: (m) => m.sessions.week,
    numeric: true,
  },
  {
    id: "days30",
    label: "30 days",
    value: (m) => m.sessions.days30,
    render: (m) => m.sessions.days30,
    numeric: true,
  },
  {
    id: "total",
    label: "All time",
    value: (m) => m.sessions.total,
    render: (m) => m.sessions.total,
    numeric: true,
  },
  {
    id: "overall",
    label: "Overall",
    value: (m) => m.measures.overallScore,
    render: (m) => <ScoreCell score={m.measures.overallScore} trend={null} />,
    numeric: true,
  },
  ...SCORES.map((score): Column => ({
    id: score.key,
    label: score.label,
    value: (m) => m.scores[score.key],
    render: (m) => <ScoreCell score={m.scores[score.key]} trend={m.scoreTrend[score.key]} />,
    numeric: true,
  })),
  {
    id: "last",
    label: "Last practice",
    value: (m) => m.lastPracticeAt,
    render: (m) => (m.lastPracticeAt ? formatDate(m.lastPracticeAt) : "Never"),
  },
  {
    id: "assignments",
    label: "Assignments",
    // Overdue work first, then the most open.
    value: (m) => m.assignments.overdue * 1000 + m.assignments.open,
    render: (m) => <Assignments member={m} />,
  },
];

function certTitle(cert: Member["certifications"][number]): string {
  const awarded = `Awarded ${formatDate(cert.awardedAt)}`;
  return cert.expiresAt ? `${awarded}, expires ${formatDate(cert.expiresAt)}` : awarded;
}

interface Sort {
  column: string;
  descending: boolean;
}

/** Sorted copy; people without a value always go last, whichever the direction. Unsorted: the
 * server's order (by last name). */
export function sortMembers(members: readonly Member[], sort: Sort | null): Member[] {
  if (!sort) return [...members];
  const column = COLUMNS.find((c) => c.id === sort.column) ?? COLUMNS[0]!;
  return [...members].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === y) return 0;
    if (x == null) return 1;
    if (y == null) return -1;
    const order = x < y ? -1 : 1;
    return sort.descending ? -order : order;
  });
}

/** The team's people with their practice, scores and assignments; each column sorts. */
export function MembersTable({ members }: { members: readonly Member[] }) {
  const [sort, setSort] = useState<Sort | null>(null);
  const rows = sortMembers(members, sort);

  return (
    <Table caption="Team members">
      <thead>
        <tr>
          {COLUMNS.map((column) => {
            const active = sort?.column === column.id;
            return (
              <Th
                key={column.id}
                aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}
                compact
              >
                <button
                  type="button"
                  className="relative inline-flex items-center uppercase tracking-wide hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:text-zinc-100"
                  onClick={() =>
                    setSort({
                      column: column.id,
                      // Numbers read best from the highest down the first time.
                      descending: active ? !sort.descending : Boolean(column.numeric),
                    })
                  }
                >
                  {column.label}
                  {/* In the cell's padding: a space kept for it in every header would cost the
                      table more width than a 1280 px window has. */}
                  {active && (
                    <span
                      aria-hidden="true"
                      className="absolute top-1/2 left-full ml-0.5 -translate-y-1/2"
                    >
                      {sort.descending ? "↓" : "↑"}
                    </span>
                  )}
                </button>
              </Th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((member) => (
          <tr
            key={member.userId}
            data-testid="member-row"
            className={member.assignments.overdue > 0 ? "bg-red-50/60 dark:bg-red-950/20" : ""}
          >
            {COLUMNS.map((column) => (
              <Td key={column.id} compact className={column.numeric ? "tabular-nums" : undefined}>
                {column.render(member)}
              </Td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
