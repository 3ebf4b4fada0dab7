import { cx } from "@/ui/cx";

export function Table({ caption, children }: { caption: string; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[640px] border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className }: { children?: React.ReactNode; className?: string }) {
  return (
    <th
      scope="col"
      className={cx(
        "border-b border-zinc-200 bg-zinc-50/70 px-5 py-2.5 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/70 dark:text-zinc-400",
        className,
      )}
    >
      {children}
    </th>
  );
}

export function Td({ children, className }: { children?: React.ReactNode; className?: string }) {
  return (
    <td
      className={cx(
        "border-b border-zinc-100 px-5 py-3 align-middle text-zinc-700 dark:border-zinc-800/70 dark:text-zinc-300",
        className,
      )}
    >
      {children}
    </td>
  );
}
