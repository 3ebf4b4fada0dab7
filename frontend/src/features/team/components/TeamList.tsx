"use client";

import Link from "next/link";

import { UserList } from "@/features/admin";
import { useUser } from "@/lib/auth/AuthProvider";
import { Alert, Card, PageHeader } from "@/ui";

export function TeamList() {
  const me = useUser();

  return (
    <>
      <PageHeader
        title="Team"
        description={
          me.role === "admin"
            ? "Everyone in your dealership."
            : "The people you coach. Their practice sessions are under Training → History."
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
          <UserList
            manage={false}
            loadingLabel="Loading your team…"
            pageLabel="people"
            empty={{
              title: "No one on your team yet",
              description:
                "Salespeople assigned to you appear here. An admin can invite people and assign them to you.",
            }}
            noMatch={{ title: "Nobody matches", description: "Try another search or filter." }}
          />
        </Card>
      </div>
    </>
  );
}
