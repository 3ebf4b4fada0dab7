"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { UsersIcon } from "@/components/icons";
import {
  Button,
  Card,
  CardBody,
  CardHeader,
  EmptyState,
  PageHeader,
  Pagination,
} from "@/components/ui";
import { queryKeys } from "@/lib/api/queries";
import { useUser } from "@/lib/auth/AuthProvider";

import { InviteUserForm } from "./InviteUserForm";
import { ListError, ListLoading } from "./ListStates";
import { PendingInvitations } from "./PendingInvitations";
import { UserFilters } from "./UserFilters";
import { UsersTable } from "./UsersTable";
import { PAGE_SIZE, useUserList } from "./useUserList";

export function AdminUsers() {
  const me = useUser();
  const queryClient = useQueryClient();
  const [inviting, setInviting] = useState(false);
  const { filters, setFilters, offset, setOffset, query } = useUserList();

  let list: React.ReactNode;
  if (query.isPending) list = <ListLoading label="Loading users…" />;
  else if (query.isError)
    list = <ListError message={query.error.message} onRetry={() => void query.refetch()} />;
  else if (query.data.items.length === 0)
    list = (
      <div className="p-5">
        <EmptyState icon={<UsersIcon className="size-5" />} title="No users match">
          Try another search or filter.
        </EmptyState>
      </div>
    );
  else list = <UsersTable users={query.data.items} currentUserId={me.id} manage />;

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone with access to your dealership, their roles and status."
        actions={!inviting && <Button onClick={() => setInviting(true)}>Invite user</Button>}
      />
      <div className="space-y-6">
        {inviting && (
          <Card aria-labelledby="invite-title">
            <CardHeader
              titleId="invite-title"
              title="Invite a user"
              description="They get an e-mail with a link to set their password."
            />
            <CardBody>
              <InviteUserForm
                onInvited={() =>
                  void queryClient.invalidateQueries({ queryKey: queryKeys.invitations })
                }
                onCancel={() => setInviting(false)}
              />
            </CardBody>
          </Card>
        )}
        <Card aria-labelledby="users-title">
          <CardHeader titleId="users-title" title="All users" />
          <UserFilters values={filters} onChange={setFilters} />
          {list}
          {query.data && query.data.total > 0 && (
            <Pagination
              offset={offset}
              limit={PAGE_SIZE}
              total={query.data.total}
              onChange={setOffset}
              label="users"
            />
          )}
        </Card>
        <PendingInvitations />
      </div>
    </>
  );
}
