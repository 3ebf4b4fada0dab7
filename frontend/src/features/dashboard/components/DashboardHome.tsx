"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { MODULES } from "@/app-shell/modules";
import { REVIEW_HREF, useContentStats } from "@/features/content";
import { trainingKeys, useAssignments } from "@/features/training";
import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys, useDealership } from "@/lib/api/queries";
import { ROLE_LABELS, type User } from "@/lib/api/types";
import { useUser } from "@/lib/auth/AuthProvider";
import { ADMINS, hasRole, MANAGERS } from "@/lib/auth/roles";
import { greeting } from "@/lib/format";
import { Badge, buttonClasses, Card, cx, Spinner } from "@/ui";
import { ShieldIcon, UsersIcon } from "@/ui/icons";

function Tile({
  icon,
  title,
  badge,
  children,
  footer,
}: {
  icon: React.ReactNode;
  title: string;
  badge?: React.ReactNode;
  children: React.ReactNode;
  footer?: React.ReactNode;
}) {
  return (
    <Card as="article" className="flex flex-col p-5">
      <div className="flex items-start justify-between gap-3">
        <span className="flex size-9 items-center justify-center rounded-lg bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          {icon}
        </span>
        {badge}
      </div>
      <h2 className="mt-4 text-sm font-semibold text-zinc-900 dark:text-zinc-50">{title}</h2>
      <div className="mt-1 flex-1 text-sm text-zinc-500 dark:text-zinc-400">{children}</div>
      {footer && <div className="mt-4">{footer}</div>}
    </Card>
  );
}

function Stat({ value, label, loading }: { value?: number; label: string; loading?: boolean }) {
  return (
    <div>
      <p className="text-2xl font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">
        {loading ? <Spinner className="size-5 text-zinc-400" /> : (value ?? "—")}
      </p>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{label}</p>
    </div>
  );
}

function ModuleTiles({ user }: { user: User }) {
  return (
    <>
      <TrainingTile userId={user.id} coach={hasRole(user.role, MANAGERS)} />
      <ContentTile manager={hasRole(user.role, MANAGERS)} />
      <ImagesTile />
    </>
  );
}

function ContentTile({ manager }: { manager: boolean }) {
  const stats = useContentStats();
  const waiting = stats.data?.review ?? 0;
  return (
    <Tile
      icon={MODULES.content.icon}
      title="Content"
      badge={manager && waiting > 0 ? <Badge tone="warning">{waiting} to review</Badge> : undefined}
      footer={
        <Link
          href={manager && waiting > 0 ? REVIEW_HREF : MODULES.content.href}
          className={buttonClasses("secondary", "sm")}
        >
          {manager && waiting > 0 ? "Review now" : "Write copy"}
        </Link>
      }
    >
      {stats.isError ? (
        <p>{stats.error.message}</p>
      ) : stats.data?.total === 0 ? (
        <>
          <p className="font-medium text-zinc-700 dark:text-zinc-300">No drafts yet</p>
          <p className="mt-1">{MODULES.content.description}</p>
        </>
      ) : (
        <div className="mt-2 flex gap-6" data-testid="content-stats">
          <Stat value={stats.data?.draft} loading={stats.isPending} label="drafts" />
          <Stat value={stats.data?.review} loading={stats.isPending} label="in review" />
          <Stat value={stats.data?.published} loading={stats.isPending} label="published" />
        </div>
      )}
    </Tile>
  );
}

function TrainingTile({ userId, coach }: { userId: string; coach: boolean }) {
  const params = { status: "completed" as const, limit: 1 };
  const sessions = useQuery({
    queryKey: trainingKeys.sessions(params),
    queryFn: () => unwrap(api.GET("/api/v1/sessions", { params: { query: params } })),
  });
  // What a manager asked this salesperson to practise, still to do.
  const assigned = useAssignments(userId, !coach).data?.total ?? 0;
  return (
    <Tile
      icon={MODULES.training.icon}
      title="Training"
      badge={assigned > 0 ? <Badge tone="brand">{assigned} assigned to you</Badge> : undefined}
      footer={
        <Link href={MODULES.training.href} className={buttonClasses("secondary", "sm")}>
          Practise now
        </Link>
      }
    >
      {sessions.isError ? (
        <p>{sessions.error.message}</p>
      ) : sessions.data?.total === 0 ? (
        <>
          <p className="font-medium text-zinc-700 dark:text-zinc-300">
            {coach ? "No practice sessions from your team yet" : "No practice sessions yet"}
          </p>
          <p className="mt-1">{MODULES.training.description}</p>
        </>
      ) : (
        <Stat
          value={sessions.data?.total}
          loading={sessions.isPending}
          label={coach ? "practice sessions by you and your team" : "practice sessions completed"}
        />
      )}
    </Tile>
  );
}

function ImagesTile() {
  const params = { limit: 1 };
  const jobs = useQuery({
    queryKey: queryKeys.jobs(params),
    queryFn: () => unwrap(api.GET("/api/v1/jobs", { params: { query: params } })),
  });
  return (
    <Tile
      icon={MODULES.images.icon}
      title="Images"
      footer={
        <Link href={MODULES.images.href} className={buttonClasses("secondary", "sm")}>
          Process photos
        </Link>
      }
    >
      {jobs.isError ? (
        <p>{jobs.error.message}</p>
      ) : jobs.data?.total === 0 ? (
        <>
          <p className="font-medium text-zinc-700 dark:text-zinc-300">No photos processed yet</p>
          <p className="mt-1">{MODULES.images.description}</p>
        </>
      ) : (
        <Stat value={jobs.data?.total} loading={jobs.isPending} label="photo jobs you can see" />
      )}
    </Tile>
  );
}

/** Counts whom the Team page lists (active salespeople: a manager's own reports, an admin's whole
 * dealership), so the figure and the page it links to agree. */
function TeamTile({ role }: { role: User["role"] }) {
  const params = { active: true, role: "salesperson" as const, limit: 1 };
  const team = useQuery({
    queryKey: queryKeys.users(params),
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: params } })),
  });
  return (
    <Tile
      icon={<UsersIcon className="size-5" />}
      title="Your team"
      footer={
        <Link href="/team/" className={buttonClasses("secondary", "sm")}>
          View team
        </Link>
      }
    >
      {team.isError ? (
        <p>{team.error.message}</p>
      ) : (
        <Stat
          value={team.data?.total}
          loading={team.isPending}
          label={
            hasRole(role, ADMINS)
              ? "active salespeople in your dealership"
              : "active salespeople you coach"
          }
        />
      )}
    </Tile>
  );
}

function DealershipTile() {
  const dealership = useDealership();
  return (
    <Tile
      icon={<ShieldIcon className="size-5" />}
      title={dealership.data?.name ?? "Dealership"}
      footer={
        <div className="flex gap-2">
          <Link href="/admin/users/" className={buttonClasses("secondary", "sm")}>
            Manage users
          </Link>
          <Link href="/admin/audit/" className={buttonClasses("ghost", "sm")}>
            Audit log
          </Link>
        </div>
      }
    >
      {dealership.isError ? (
        <p>{dealership.error.message}</p>
      ) : (
        <div className="mt-2 flex gap-8">
          <Stat
            value={dealership.data?.activeUserCount}
            loading={dealership.isPending}
            label="active users"
          />
          <Stat
            value={dealership.data?.userCount}
            loading={dealership.isPending}
            label="accounts in total"
          />
        </div>
      )}
    </Tile>
  );
}

function SecurityNudge({ user }: { user: User }) {
  if (user.twoFactorEnabled) return null;
  return (
    <Card className="flex flex-wrap items-center justify-between gap-4 border-amber-200 bg-amber-50/60 p-4 dark:border-amber-900/60 dark:bg-amber-950/20">
      <div className="text-sm">
        <p className="font-medium text-zinc-900 dark:text-zinc-100">Protect your account</p>
        <p className="text-zinc-600 dark:text-zinc-400">
          Two-factor authentication is off. It takes a minute to turn on.
        </p>
      </div>
      <Link href="/settings/#two-factor" className={buttonClasses("secondary", "sm")}>
        Set up two-factor
      </Link>
    </Card>
  );
}

export function DashboardHome() {
  const user = useUser();
  const firstName = user.profile.firstName || user.email;
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{ROLE_LABELS[user.role]}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
          {greeting()}, {firstName}
        </h1>
      </div>
      <SecurityNudge user={user} />
      {hasRole(user.role, MANAGERS) && (
        <section aria-label="Your dealership" className={cx("grid gap-4", "sm:grid-cols-2")}>
          <TeamTile role={user.role} />
          {hasRole(user.role, ADMINS) && <DealershipTile />}
        </section>
      )}
      <section aria-labelledby="modules-title">
        <h2
          id="modules-title"
          className="mb-3 text-sm font-medium text-zinc-500 dark:text-zinc-400"
        >
          Modules
        </h2>
        <div className="grid gap-4 md:grid-cols-3">
          <ModuleTiles user={user} />
        </div>
      </section>
    </div>
  );
}
