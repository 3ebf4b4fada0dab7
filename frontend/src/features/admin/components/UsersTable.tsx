"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import { ROLE_LABELS, ROLES, type Role, type User } from "@/lib/api/types";
import { displayName, formatDateTime } from "@/lib/format";
import { Alert, Badge, Button, ConfirmButton, CONTROL_CLASSES, cx, Table, Td, Th } from "@/ui";
import { useToast } from "@/ui/Toaster";

import { UserIdentity } from "./UserIdentity";

interface RoleChange {
  user: User;
  role: Role;
  /** Where a salesperson reports to; kept unchanged when left out. */
  managerId?: string | null;
}

/** Admin actions on one user; each refreshes every users list when it succeeds. */
function useUserActions() {
  const queryClient = useQueryClient();
  const notify = useToast();
  const done = (message: string) => {
    notify(message);
    void queryClient.invalidateQueries({ queryKey: queryKeys.usersAll });
    void queryClient.invalidateQueries({ queryKey: queryKeys.dealership });
  };
  const onError = (error: Error) => notify(error.message, "error");
  const changeRole = useMutation({
    mutationFn: ({ user, role, managerId }: RoleChange) =>
      unwrap(
        api.PATCH("/api/v1/users/{user_id}", {
          params: { path: { user_id: user.id } },
          body: managerId === undefined ? { role } : { role, managerId },
        }),
      ),
    onSuccess: (user) =>
      done(`${displayName(user)} is now ${ROLE_LABELS[user.role].toLowerCase()}.`),
    onError,
  });
  const setActive = useMutation({
    mutationFn: ({ user, active }: { user: User; active: boolean }) =>
      unwrap(
        active
          ? api.POST("/api/v1/users/{user_id}/reactivate", {
              params: { path: { user_id: user.id } },
            })
          : api.POST("/api/v1/users/{user_id}/deactivate", {
              params: { path: { user_id: user.id } },
            }),
      ),
    onSuccess: (_data, { user, active }) =>
      done(`${displayName(user)} has been ${active ? "reactivated" : "deactivated"}.`),
    onError,
  });
  const unlock = useMutation({
    mutationFn: (user: User) =>
      unwrap(
        api.POST("/api/v1/users/{user_id}/unlock", { params: { path: { user_id: user.id } } }),
      ),
    onSuccess: (user) => {
      done(`${displayName(user)} can sign in again.`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.lockedUsers });
    },
    onError,
  });
  return { changeRole, setActive, unlock };
}

/** Who cannot sign in for now after too many failed attempts (admins only). */
function useLockedUsers(enabled: boolean): Set<string> {
  const locked = useQuery({
    queryKey: queryKeys.lockedUsers,
    queryFn: () => unwrap(api.GET("/api/v1/users/locked")),
    enabled,
  });
  return new Set(locked.data?.map((entry) => entry.userId));
}

/** What a role change does beyond the role, said before it is made. */
function roleChangeNote(user: User, role: Role): string {
  if (user.role === "manager")
    return " The salespeople who report to them will report to nobody; undoing this does not bring them back.";
  if (user.role === "admin") return " They lose access to the admin pages.";
  if (role !== "salesperson" && user.managerId) return " They will no longer report to a manager.";
  return "";
}

function RoleConfirmation({
  change,
  busy,
  onConfirm,
  onCancel,
}: {
  change: RoleChange;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { user, role } = change;
  return (
    <div
      role="group"
      aria-label={`Confirm the role change of ${displayName(user)}`}
      className="mt-2 max-w-xs space-y-2 text-xs text-zinc-600 dark:text-zinc-300"
    >
      <p>
        Make {displayName(user)} {ROLE_LABELS[role].toLowerCase()}?{roleChangeNote(user, role)}
      </p>
      <span className="inline-flex gap-1.5">
        <Button size="sm" autoFocus loading={busy} onClick={onConfirm}>
          Change role
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </span>
    </div>
  );
}

export function UsersTable({
  users,
  currentUserId,
  manage,
}: {
  users: User[];
  currentUserId: string;
  /** Admins can change roles and (de)activate; others only read. */
  manage: boolean;
}) {
  const { changeRole, setActive, unlock } = useUserActions();
  const locked = useLockedUsers(manage);
  const [proposed, setProposed] = useState<RoleChange | null>(null);
  // The last role change, until it is undone or another is made: the user as they were.
  const [undoable, setUndoable] = useState<{ before: User; after: User } | null>(null);

  const confirmRole = (change: RoleChange) => {
    setProposed(null);
    changeRole.mutate(change, {
      onSuccess: (after) => setUndoable({ before: change.user, after }),
    });
  };
  const undo = (before: User, after: User) => {
    setUndoable(null);
    changeRole.mutate({
      user: after,
      role: before.role,
      // A salesperson goes back to their manager (a promotion took them off the team).
      managerId: before.role === "salesperson" ? before.managerId : undefined,
    });
  };

  return (
    <>
      {undoable && (
        <div className="px-5 pt-4">
          <Alert tone="info">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <span>
                {displayName(undoable.after)} is now{" "}
                {ROLE_LABELS[undoable.after.role].toLowerCase()} (was{" "}
                {ROLE_LABELS[undoable.before.role].toLowerCase()}).
              </span>
              <Button
                size="sm"
                variant="secondary"
                onClick={() => undo(undoable.before, undoable.after)}
              >
                Undo
              </Button>
            </div>
          </Alert>
        </div>
      )}
      <Table caption="Users">
        <thead>
          <tr>
            <Th>User</Th>
            <Th>Role</Th>
            <Th>Status</Th>
            <Th>Last sign-in</Th>
            {manage && <Th className="text-right">Actions</Th>}
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const self = user.id === currentUserId;
            const busy =
              (changeRole.isPending && changeRole.variables?.user.id === user.id) ||
              (setActive.isPending && setActive.variables?.user.id === user.id) ||
              (unlock.isPending && unlock.variables?.id === user.id);
            const isLocked = locked.has(user.id);
            return (
              <tr key={user.id} className="hover:bg-zinc-50/60 dark:hover:bg-zinc-800/30">
                <Td>
                  <div className="flex items-center gap-2">
                    <UserIdentity user={user} />
                    {self && <Badge tone="brand">You</Badge>}
                  </div>
                </Td>
                <Td>
                  {manage && !self ? (
                    <>
                      <label htmlFor={`role-${user.id}`} className="sr-only">
                        Role for {displayName(user)}
                      </label>
                      <select
                        id={`role-${user.id}`}
                        value={proposed?.user.id === user.id ? proposed.role : user.role}
                        disabled={busy}
                        onChange={(event) => {
                          const role = event.target.value as Role;
                          setProposed(role === user.role ? null : { user, role });
                        }}
                        className={cx(CONTROL_CLASSES, "h-8 w-40 pr-8")}
                      >
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {ROLE_LABELS[role]}
                          </option>
                        ))}
                      </select>
                      {proposed?.user.id === user.id && (
                        <RoleConfirmation
                          change={proposed}
                          busy={busy}
                          onConfirm={() => confirmRole(proposed)}
                          onCancel={() => setProposed(null)}
                        />
                      )}
                    </>
                  ) : (
                    ROLE_LABELS[user.role]
                  )}
                </Td>
                <Td>
                  <div className="flex flex-wrap gap-1.5">
                    {user.isActive ? (
                      <Badge tone="success">Active</Badge>
                    ) : (
                      <Badge>Deactivated</Badge>
                    )}
                    {isLocked && <Badge tone="danger">Locked</Badge>}
                    {user.twoFactorEnabled && <Badge tone="brand">2FA</Badge>}
                  </div>
                </Td>
                <Td className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                  {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "Never"}
                </Td>
                {manage && (
                  <Td className="space-x-1.5 whitespace-nowrap text-right">
                    {isLocked && (
                      <Button
                        size="sm"
                        variant="secondary"
                        disabled={busy}
                        onClick={() => unlock.mutate(user)}
                        aria-label={`Unlock sign-in for ${displayName(user)}`}
                      >
                        Unlock
                      </Button>
                    )}
                    {self ? null : user.isActive ? (
                      <ConfirmButton
                        confirmLabel="Deactivate"
                        onConfirm={() => setActive.mutate({ user, active: false })}
                        disabled={busy}
                        aria-label={`Deactivate ${displayName(user)}`}
                      >
                        Deactivate
                      </ConfirmButton>
                    ) : (
                      <ConfirmButton
                        confirmLabel="Reactivate"
                        onConfirm={() => setActive.mutate({ user, active: true })}
                        disabled={busy}
                        aria-label={`Reactivate ${displayName(user)}`}
                      >
                        Reactivate
                      </ConfirmButton>
                    )}
                  </Td>
                )}
              </tr>
            );
          })}
        </tbody>
      </Table>
    </>
  );
}
