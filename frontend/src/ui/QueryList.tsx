import type { UseQueryResult } from "@tanstack/react-query";

import type { Noun } from "@/lib/format";
import { EmptyState } from "@/ui/EmptyState";
import { ListError, ListLoading } from "@/ui/ListStates";
import { Pagination } from "@/ui/Pagination";

/** What an empty list says. */
export interface EmptyContent {
  title: string;
  description: React.ReactNode;
}

interface Page<T> {
  items: T[];
  total: number;
}

/**
 * The body of a paginated list backed by a query: loading, error, empty state or the rows,
 * followed by the pagination footer once there is anything to page through.
 */
export function QueryList<T>({
  query,
  loadingLabel,
  emptyIcon,
  empty,
  children,
  pagination,
}: {
  query: UseQueryResult<Page<T>, Error>;
  loadingLabel: string;
  emptyIcon: React.ReactNode;
  empty: EmptyContent;
  /** Renders the rows of a non-empty page. */
  children: (items: T[]) => React.ReactNode;
  pagination: { offset: number; limit: number; onChange: (offset: number) => void; noun: Noun };
}) {
  let body: React.ReactNode;
  if (query.isPending) body = <ListLoading label={loadingLabel} />;
  else if (query.isError)
    body = (
      <ListError
        message={query.error.message}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  else if (query.data.items.length === 0)
    body = (
      <div className="p-5">
        <EmptyState icon={emptyIcon} title={empty.title}>
          {empty.description}
        </EmptyState>
      </div>
    );
  else body = children(query.data.items);

  return (
    <>
      {body}
      {query.data && query.data.total > 0 && (
        <Pagination {...pagination} total={query.data.total} />
      )}
    </>
  );
}
