"use client";

import { SearchIcon } from "@/components/icons";
import { CONTROL_CLASSES, cx } from "@/components/ui";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/api/types";

export type StatusFilter = "active" | "inactive" | "all";

export interface UserFilterValues {
  q: string;
  role: Role | "";
  status: StatusFilter;
}

export function UserFilters({
  values,
  onChange,
}: {
  values: UserFilterValues;
  onChange: (values: UserFilterValues) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
      <div className="relative min-w-56 flex-1">
        <label htmlFor="user-search" className="sr-only">
          Search users
        </label>
        <SearchIcon className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" />
        <input
          id="user-search"
          type="search"
          placeholder="Search by name or e-mail"
          value={values.q}
          onChange={(event) => onChange({ ...values, q: event.target.value })}
          className={cx(CONTROL_CLASSES, "h-9 w-full pl-9")}
        />
      </div>
      <label htmlFor="user-role-filter" className="sr-only">
        Role
      </label>
      <select
        id="user-role-filter"
        value={values.role}
        onChange={(event) => onChange({ ...values, role: event.target.value as Role | "" })}
        className={cx(CONTROL_CLASSES, "h-9 pr-8")}
      >
        <option value="">All roles</option>
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      <label htmlFor="user-status-filter" className="sr-only">
        Status
      </label>
      <select
        id="user-status-filter"
        value={values.status}
        onChange={(event) => onChange({ ...values, status: event.target.value as StatusFilter })}
        className={cx(CONTROL_CLASSES, "h-9 pr-8")}
      >
        <option value="active">Active</option>
        <option value="inactive">Deactivated</option>
        <option value="all">All statuses</option>
      </select>
    </div>
  );
}

export function statusParam(status: StatusFilter): boolean | undefined {
  if (status === "all") return undefined;
  return status === "active";
}
