import { isNotFound } from "@/lib/api/call";
import { Alert } from "@/ui/Alert";
import { Button } from "@/ui/Button";
import { Spinner } from "@/ui/Spinner";

/** Loading and error rows for any list backed by a query. */
export function ListLoading({ label }: { label: string }) {
  return (
    <div
      className="flex items-center justify-center gap-2 px-5 py-12 text-sm text-zinc-500 dark:text-zinc-400"
      role="status"
    >
      <Spinner /> {label}
    </div>
  );
}

export function ListError({
  message,
  onRetry,
  error,
}: {
  message: string;
  /** Without it, or when `error` says "not found", trying again is not offered. */
  onRetry?: () => void;
  error?: unknown;
}) {
  return (
    <div className="px-5 py-6">
      <Alert tone="error">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <span>{message}</span>
          {onRetry && !isNotFound(error) && (
            <Button variant="secondary" size="sm" onClick={onRetry}>
              Try again
            </Button>
          )}
        </div>
      </Alert>
    </div>
  );
}
