"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { queryKeys } from "@/lib/api/queries";
import { Button, Card, CardBody, CardHeader, PageHeader } from "@/ui";

import { BulkInviteForm } from "./BulkInviteForm";
import { InviteUserForm } from "./InviteUserForm";
import { PendingInvitations } from "./PendingInvitations";
import { UserList } from "./UserList";

export function AdminUsers() {
  const queryClient = useQueryClient();
  const [inviting, setInviting] = useState<"one" | "file" | null>(null);

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone with access to your dealership, their roles and status."
        actions={
          !inviting && (
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setInviting("file")}>
                Invite from CSV
              </Button>
              <Button onClick={() => setInviting("one")}>Invite user</Button>
            </div>
          )
        }
      />
      <div className="space-y-6">
        {inviting === "one" && (
          <Card aria-labelledby="invite-title">
            <CardHeader
              titleId="invite-title"
              title="Invite a user"
              description="They get a link to choose their password and join."
            />
            <CardBody>
              <InviteUserForm
                onInvited={() =>
                  void queryClient.invalidateQueries({ queryKey: queryKeys.invitations })
                }
                onCancel={() => setInviting(null)}
              />
            </CardBody>
          </Card>
        )}
        {inviting === "file" && (
          <Card aria-labelledby="bulk-invite-title">
            <CardHeader
              titleId="bulk-invite-title"
              title="Invite from a CSV file"
              description="Check every line first, then invite the people on the lines without errors."
            />
            <CardBody>
              <BulkInviteForm onCancel={() => setInviting(null)} />
            </CardBody>
          </Card>
        )}
        <Card aria-labelledby="users-title">
          <CardHeader titleId="users-title" title="All users" />
          <UserList
            manage
            loadingLabel="Loading users…"
            pageNoun="user"
            empty={{ title: "No users match", description: "Try another search or filter." }}
          />
        </Card>
        <PendingInvitations />
      </div>
    </>
  );
}
