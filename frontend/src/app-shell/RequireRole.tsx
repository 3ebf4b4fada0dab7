"use client";

import Link from "next/link";

import { ROLE_LABELS, type Role } from "@/lib/api/types";
import { useUser } from "@/lib/auth/AuthProvider";
import { hasRole } from "@/lib/auth/roles";
import { buttonClasses, Card, EmptyState } from "@/ui";
import { ShieldIcon } from "@/ui/icons";

/** Shows its children only to the given roles; everyone else gets a clear explanation. */
export function RequireRole({
  allowed,
  children,
}: {
  allowed: readonly Role[];
  children: React.ReactNode;
}) {
  const user = useUser();
  if (hasRole(user.role, allowed)) return <>{children}</>;
  const who = allowed.map((role) => ROLE_LABELS[role].toLowerCase() + "s").join(" and ");
  return (
    <Card className="p-2">
      <EmptyState
        icon={<ShieldIcon className="size-5" />}
        title="You are not allowed to see this page"
        action={
          <Link href="/" className={buttonClasses("secondary", "sm")}>
            Back to overview
          </Link>
        }
        className="border-none"
      >
        This page is for {who}. You are signed in as a {ROLE_LABELS[user.role].toLowerCase()}; ask
        your dealership&apos;s admin if you need access.
      </EmptyState>
    </Card>
  );
}
