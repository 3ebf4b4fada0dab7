"use client";

import type { AuditEvent } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";
import { Card, DownloadButton, PageHeader, QueryList, Table, Td, Th } from "@/ui";
import { ListIcon } from "@/ui/icons";

import { AUDIT_PAGE_SIZE, downloadAuditCsv, useAuditLog } from "../hooks/useAuditLog";
import { AuditFilters } from "./AuditFilters";

const NO_EVENTS = {
  title: "No events yet",
  description: "Sign-ins, changes to users and security settings are recorded here.",
};
const NO_MATCHING_EVENTS = {
  title: "No events match these filters",
  description: "Try part of an action's name (such as “role” or “login”), or a wider date range.",
};

/** "auth.login_succeeded" -> "login succeeded": the action's name for people. */
function actionWords(action: string): string {
  return (action.split(".").at(-1) ?? action).replaceAll("_", " ");
}

function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <Table caption="Audit events">
      <thead>
        <tr>
          <Th>Time</Th>
          <Th>Person</Th>
          <Th>What happened</Th>
          <Th>Concerning</Th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} className="align-top">
            <Td className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
              {formatDateTime(event.createdAt)}
            </Td>
            <Td>
              {event.actorName ?? <span className="text-zinc-500 dark:text-zinc-400">System</span>}
              {event.ip && (
                <span className="block font-mono text-xs text-zinc-500 dark:text-zinc-400">
                  {event.ip}
                </span>
              )}
            </Td>
            <Td>
              <p>{event.summary}</p>
              <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400" title={event.action}>
                {actionWords(event.action)}
              </p>
            </Td>
            <Td className="text-sm">
              {event.targetName ?? <span className="text-zinc-500 dark:text-zinc-400">—</span>}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function AuditLog() {
  const { filters, setFilters, offset, setOffset, query } = useAuditLog();
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Security-relevant events in your dealership, newest first."
        actions={
          <DownloadButton download={() => downloadAuditCsv(filters)}>Export CSV</DownloadButton>
        }
      />
      <Card aria-label="Audit events">
        <AuditFilters values={filters} onChange={setFilters} />
        <QueryList
          query={query}
          loadingLabel="Loading the audit log…"
          emptyIcon={<ListIcon className="size-5" />}
          empty={filtered ? NO_MATCHING_EVENTS : NO_EVENTS}
          pagination={{
            offset,
            limit: AUDIT_PAGE_SIZE,
            onChange: setOffset,
            noun: "event",
          }}
        >
          {(events) => <AuditTable events={events} />}
        </QueryList>
      </Card>
    </>
  );
}
