"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import type { AuditEvent } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";
import { useDebounced } from "@/lib/useDebounced";
import { Card, FilterBar, PageHeader, QueryList, SearchFilter, Table, Td, Th } from "@/ui";
import { ListIcon } from "@/ui/icons";

const PAGE_SIZE = 25;

const NO_EVENTS = {
  title: "No events yet",
  description: "Sign-ins, changes to users and security settings are recorded here.",
};
const NO_MATCHING_EVENTS = {
  title: "No events for this action",
  description: "The filter matches whole action names, such as auth.login_succeeded.",
};

function Details({ event }: { event: AuditEvent }) {
  const details = event.details as unknown;
  const hasDetails = details && typeof details === "object" && Object.keys(details).length > 0;
  if (!hasDetails && !event.userAgent) return <span className="text-zinc-400">—</span>;
  return (
    <details className="group text-xs">
      <summary className="cursor-pointer select-none text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200">
        Show
      </summary>
      <pre className="mt-2 max-w-md overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-zinc-50 p-2 font-mono text-[11px] text-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-300">
        {JSON.stringify(
          { ...(hasDetails ? (details as object) : {}), userAgent: event.userAgent ?? undefined },
          null,
          2,
        )}
      </pre>
    </details>
  );
}

function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <Table caption="Audit events">
      <thead>
        <tr>
          <Th>Time</Th>
          <Th>Action</Th>
          <Th>Actor</Th>
          <Th>Target</Th>
          <Th>Details</Th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} className="align-top">
            <Td className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
              {formatDateTime(event.createdAt)}
            </Td>
            <Td>
              <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
                {event.action}
              </code>
            </Td>
            <Td>
              {event.actorEmail ?? <span className="text-zinc-400">System</span>}
              {event.ip && (
                <span className="block font-mono text-xs text-zinc-400">{event.ip}</span>
              )}
            </Td>
            <Td className="text-xs">
              {event.targetType ? (
                <span>
                  {event.targetType}
                  {event.targetId && (
                    <span
                      className="block max-w-28 truncate font-mono text-zinc-400"
                      title={event.targetId}
                    >
                      {event.targetId}
                    </span>
                  )}
                </span>
              ) : (
                <span className="text-zinc-400">—</span>
              )}
            </Td>
            <Td>
              <Details event={event} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function AuditLog() {
  const [action, setAction] = useState("");
  const [offset, setOffset] = useState(0);
  const filter = useDebounced(action.trim());
  const params = { offset, limit: PAGE_SIZE, ...(filter ? { action: filter } : {}) };
  const query = useQuery({
    queryKey: queryKeys.audit(params),
    queryFn: () => unwrap(api.GET("/api/v1/audit", { params: { query: params } })),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Security-relevant events in your dealership, newest first."
      />
      <Card aria-label="Audit events">
        <FilterBar>
          <SearchFilter
            id="audit-action"
            label="Filter by action"
            wrapperClassName="w-full max-w-sm"
            placeholder="Action, e.g. auth.login_succeeded"
            value={action}
            onValue={(value) => {
              setAction(value);
              setOffset(0);
            }}
          />
        </FilterBar>
        <QueryList
          query={query}
          loadingLabel="Loading the audit log…"
          emptyIcon={<ListIcon className="size-5" />}
          empty={filter ? NO_MATCHING_EVENTS : NO_EVENTS}
          pagination={{ offset, limit: PAGE_SIZE, onChange: setOffset, label: "events" }}
        >
          {(events) => <AuditTable events={events} />}
        </QueryList>
      </Card>
    </>
  );
}
