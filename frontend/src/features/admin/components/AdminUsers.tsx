"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { queryKeys } from "@/lib/api/queries";
import { Button, Card, CardBody, CardHeader, PageHeader } from "@/ui";

import { InviteUserForm } from "./InviteUserForm";
import { PendingInvitations } from "./PendingInvitations";
import { UserList } from "./UserList";

export function AdminUsers() {
  const queryClient = useQueryClient();
  const [inviting, setInviting] = useState(false);

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
          <UserList
            manage
            loadingLabel="Loading users…"
            pageLabel="users"
            empty={{ title: "No users match", description: "Try another search or filter." }}
          />
        </Card>
        <PendingInvitations />
      </div>
    </>
  );
}
