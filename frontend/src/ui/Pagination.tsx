import { nounFor, type Noun } from "@/lib/format";
import { Button } from "@/ui/Button";

export function Pagination({
  offset,
  limit,
  total,
  onChange,
  noun = "result",
}: {
  offset: number;
  limit: number;
  total: number;
  onChange: (offset: number) => void;
  /** What the rows are, in the singular (see `Noun`). */
  noun?: Noun;
}) {
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 px-5 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400"
    >
      <p>
        {total === 0 ? (
          `No ${nounFor(0, noun)}`
        ) : (
          <>
            <span className="font-medium text-zinc-900 dark:text-zinc-100">
              {first}–{last}
            </span>{" "}
            of <span className="font-medium text-zinc-900 dark:text-zinc-100">{total}</span>{" "}
            {nounFor(total, noun)}
          </>
        )}
      </p>
      {(offset > 0 || total > limit) && (
        <div className="flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            disabled={offset === 0}
            onClick={() => onChange(Math.max(0, offset - limit))}
          >
            Previous
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={offset + limit >= total}
            onClick={() => onChange(offset + limit)}
          >
            Next
          </Button>
        </div>
      )}
    </nav>
  );
}
