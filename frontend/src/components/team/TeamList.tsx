"use client";

import Link from "next/link";

import { ListError, ListLoading } from "@/components/admin/ListStates";
import { UserFilters } from "@/components/admin/UserFilters";
import { UsersTable } from "@/components/admin/UsersTable";
import { PAGE_SIZE, useUserList } from "@/components/admin/useUserList";
import { UsersIcon } from "@/components/icons";
import { Alert, Card, EmptyState, PageHeader, Pagination } from "@/components/ui";
import { useUser } from "@/lib/auth/AuthProvider";

export function TeamList() {
  const me = useUser();
  const { filters, setFilters, offset, setOffset, query } = useUserList();
  const searching = Boolean(filters.q.trim() || filters.role || filters.status !== "active");

  let body: React.ReactNode;
  if (query.isPending) body = <ListLoading label="Loading your team…" />;
  else if (query.isError)
    body = <ListError message={query.error.message} onRetry={() => void query.refetch()} />;
  else if (query.data.items.length === 0)
    body = (
      <div className="p-5">
        <EmptyState
          icon={<UsersIcon className="size-5" />}
          title={searching ? "Nobody matches" : "No one on your team yet"}
        >
          {searching
            ? "Try another search or filter."
            : "Salespeople assigned to you appear here. An admin can invite people and assign them to you."}
        </EmptyState>
      </div>
    );
  else body = <UsersTable users={query.data.items} currentUserId={me.id} manage={false} />;

  return (
    <>
      <PageHeader
        title="Team"
        description={
          me.role === "admin"
            ? "Everyone in your dealership."
            : "The people you coach. Practice results will appear here once Training is available."
        }
      />
      <div className="space-y-6">
        {me.role === "admin" && (
          <Alert tone="info">
            To invite people, change roles or deactivate accounts, go to{" "}
            <Link href="/admin/users/" className="font-medium underline">
              Admin → Users
            </Link>
            .
          </Alert>
        )}
        <Card aria-label="Team members">
          <UserFilters values={filters} onChange={setFilters} />
          {body}
          {query.data && query.data.total > 0 && (
            <Pagination
              offset={offset}
              limit={PAGE_SIZE}
              total={query.data.total}
              onChange={setOffset}
              label="people"
            />
          )}
        </Card>
      </div>
    </>
  );
}
