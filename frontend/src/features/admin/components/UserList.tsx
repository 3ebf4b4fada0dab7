"use client";

import { useUser } from "@/lib/auth/AuthProvider";
import type { Noun } from "@/lib/format";
import { QueryList, type EmptyContent } from "@/ui";
import { UsersIcon } from "@/ui/icons";

import { PAGE_SIZE, useUserList } from "../hooks/useUserList";
import { UserFilters } from "./UserFilters";
import { UsersTable } from "./UsersTable";

/** The filters, rows and pagination of the user list, shared by Admin → Users and Team. */
export function UserList({
  manage,
  loadingLabel,
  pageNoun,
  empty,
  noMatch = empty,
}: {
  manage: boolean;
  loadingLabel: string;
  pageNoun: Noun;
  /** Shown when there is nobody at all. */
  empty: EmptyContent;
  /** Shown when a search or filter leaves nobody. */
  noMatch?: EmptyContent;
}) {
  const me = useUser();
  const { filters, setFilters, offset, setOffset, query } = useUserList();
  const searching = Boolean(filters.q.trim() || filters.role || filters.status !== "active");
  return (
    <>
      <UserFilters values={filters} onChange={setFilters} />
      <QueryList
        query={query}
        loadingLabel={loadingLabel}
        emptyIcon={<UsersIcon className="size-5" />}
        empty={searching ? noMatch : empty}
        pagination={{ offset, limit: PAGE_SIZE, onChange: setOffset, noun: pageNoun }}
      >
        {(users) => <UsersTable users={users} currentUserId={me.id} manage={manage} />}
      </QueryList>
    </>
  );
}
