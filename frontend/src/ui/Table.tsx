"use client";

import { useId } from "react";

import { cx } from "@/ui/cx";
import { useScrollEdges } from "@/ui/useScrollEdges";

const EDGE_SHADOW =
  "pointer-events-none absolute inset-y-0 w-6 from-zinc-900/15 to-transparent transition-opacity dark:from-black/60";

const EDGES = [
  { edge: "before", place: "left-0 bg-gradient-to-r" },
  { edge: "after", place: "right-0 bg-gradient-to-l" },
] as const;

/**
 * A data table that scrolls sideways inside its card when it is wider than the screen; a shadow
 * on the side that hides columns says there is more, and the box takes the keyboard focus so it
 * can be scrolled without a pointer.
 */
export function Table({ caption, children }: { caption: string; children: React.ReactNode }) {
  const { ref, edges } = useScrollEdges<HTMLDivElement>();
  const captionId = useId();
  return (
    <div className="relative">
      <div
        ref={ref}
        // relative: a visually hidden header (position: absolute) would otherwise escape the
        // scrolling box and widen the whole page on a phone.
        className="relative overflow-x-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500"
        {...(edges.scrollable ? { role: "region", tabIndex: 0, "aria-labelledby": captionId } : {})}
      >
        <table className="w-full min-w-[640px] border-collapse text-left text-sm">
          <caption id={captionId} className="sr-only">
            {caption}
          </caption>
          {children}
        </table>
      </div>
      {EDGES.map(({ edge, place }) => (
        <div
          key={edge}
          aria-hidden="true"
          data-edge={edge}
          className={cx(EDGE_SHADOW, place, edges[edge] ? "opacity-100" : "opacity-0")}
        />
      ))}
    </div>
  );
}

/** Cell padding: roomy, or compact for wide tables of figures (the outer cells keep the card's
 * inset). */
const PADDING = {
  header: { roomy: "px-5 py-2.5", compact: "px-2.5 py-2.5 first:pl-5 last:pr-5" },
  cell: { roomy: "px-5 py-3", compact: "px-2.5 py-2 first:pl-5 last:pr-5" },
};
const padding = (kind: keyof typeof PADDING, compact: boolean) =>
  PADDING[kind][compact ? "compact" : "roomy"];

/** A column's header cell. */
export function Th({
  children,
  className,
  compact = false,
  ...props
}: React.ThHTMLAttributes<HTMLTableCellElement> & { compact?: boolean }) {
  return (
    <th
      scope="col"
      {...props}
      className={cx(
        "border-b border-zinc-200 bg-zinc-50/70 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/70 dark:text-zinc-400",
        padding("header", compact),
        className,
      )}
    >
      {children}
    </th>
  );
}

/** A row's header cell (`scope="row"`, e.g. the person a row is about): styled as a body cell. */
export function RowTh({
  children,
  className,
  compact = false,
}: {
  children?: React.ReactNode;
  className?: string;
  compact?: boolean;
}) {
  return (
    <th
      scope="row"
      className={cx(
        "border-b border-zinc-100 text-left align-middle font-medium text-zinc-900 dark:border-zinc-800/70 dark:text-zinc-100",
        padding("cell", compact),
        className,
      )}
    >
      {children}
    </th>
  );
}

export function Td({
  children,
  className,
  compact = false,
}: {
  children?: React.ReactNode;
  className?: string;
  compact?: boolean;
}) {
  return (
    <td
      className={cx(
        "border-b border-zinc-100 align-middle text-zinc-700 dark:border-zinc-800/70 dark:text-zinc-300",
        padding("cell", compact),
        className,
      )}
    >
      {children}
    </td>
  );
}
