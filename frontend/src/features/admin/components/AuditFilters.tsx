"use client";

import { displayName } from "@/lib/format";
import { CONTROL_CLASSES, cx, FilterBar, SearchFilter, SelectFilter } from "@/ui";

import { useAuditPeople, type AuditFilterValues } from "../hooks/useAuditLog";

function DayFilter({
  id,
  label,
  value,
  min,
  max,
  onValue,
}: {
  id: string;
  label: string;
  value: string;
  min?: string;
  max?: string;
  onValue: (value: string) => void;
}) {
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      <input
        id={id}
        type="date"
        value={value}
        min={min || undefined}
        max={max || undefined}
        onChange={(event) => onValue(event.target.value)}
        className={cx(CONTROL_CLASSES, "h-9")}
      />
    </div>
  );
}

/** Who, what and when: the audit log's filters. */
export function AuditFilters({
  values,
  onChange,
}: {
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
}) {
  const people = useAuditPeople();
  const options = [
    { value: "", label: "Everyone" },
    ...(people.data?.items ?? []).map((user) => ({ value: user.id, label: displayName(user) })),
  ];
  return (
    <FilterBar>
      <SelectFilter
        id="audit-person"
        label="Person"
        value={values.actorId}
        onValue={(actorId) => onChange({ ...values, actorId })}
        options={options}
      />
      <SearchFilter
        id="audit-action"
        label="Filter by action"
        wrapperClassName="min-w-48 flex-1"
        placeholder="Action, e.g. login, role, published"
        maxLength={60}
        value={values.action}
        onValue={(action) => onChange({ ...values, action })}
      />
      <DayFilter
        id="audit-from"
        label="From"
        value={values.from}
        max={values.to}
        onValue={(from) => onChange({ ...values, from })}
      />
      <DayFilter
        id="audit-to"
        label="To"
        value={values.to}
        min={values.from}
        onValue={(to) => onChange({ ...values, to })}
      />
    </FilterBar>
  );
}
