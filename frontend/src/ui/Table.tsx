import { cx } from "@/ui/cx";

export function Table({ caption, children }: { caption: string; children: React.ReactNode }) {
  return (
    // relative: a visually hidden header (position: absolute) would otherwise escape the
    // scrolling box and widen the whole page on a phone.
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[640px] border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
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
