"use client";

import Link from "next/link";
import { useState } from "react";

import { formatDateTime } from "@/lib/format";
import { Badge, Card, CardHeader, FilterBar, QueryList, SelectFilter } from "@/ui";
import { PenIcon } from "@/ui/icons";

import {
  CONTENT_PAGE_SIZE,
  contentHref,
  useContentList,
  type ContentQuery,
  type ContentStatus,
  type ContentSummary,
} from "../api";
import { channelLabel, STATUS_BADGE } from "../labels";

const STATUS_OPTIONS: { value: ContentStatus | ""; label: string }[] = [
  { value: "", label: "All statuses" },
  { value: "draft", label: "Drafts" },
  { value: "review", label: "In review" },
  { value: "published", label: "Published" },
];

export function ContentRow({
  item,
  children,
}: {
  item: ContentSummary;
  children?: React.ReactNode;
}) {
  const badge = STATUS_BADGE[item.status];
  return (
    <li className="px-5 py-3.5" data-testid="content-row" data-status={item.status}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <Link
            href={contentHref(item.id)}
            className="block truncate text-sm font-medium text-zinc-900 hover:underline dark:text-zinc-100"
          >
            {item.title}
          </Link>
          {/* The facts wrap rather than cut: on a phone the date is what ends up cut. */}
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {item.vehicleName && `${item.vehicleName} · `}
            {channelLabel(item.channel)}
            {item.ownerName && ` · ${item.ownerName}`}
            {" · "}
            {item.status === "published" && item.publishedAt
              ? `published ${formatDateTime(item.publishedAt)}`
              : `updated ${formatDateTime(item.updatedAt)}`}
          </p>
        </div>
        <Badge tone={badge.tone}>{badge.label}</Badge>
      </div>
      {children}
    </li>
  );
}

/** Content items with a status filter: the studio's "Your content", a vehicle's history. */
export function ContentList({
  title,
  description,
  base = {},
  initialStatus = "",
  emptyText = "Generate copy above; drafts, items in review and published ones appear here.",
}: {
  title: string;
  description?: string;
  base?: Omit<ContentQuery, "status" | "offset" | "limit">;
  initialStatus?: ContentStatus | "";
  emptyText?: string;
}) {
  const [status, setStatus] = useState<ContentStatus | "">(initialStatus);
  const [offset, setOffset] = useState(0);
  const query = useContentList({ ...base, ...(status ? { status } : {}), offset });
  return (
    <Card aria-label={title}>
      <CardHeader title={title} description={description} />
      <FilterBar>
        <SelectFilter
          id={`content-status-${title.replace(/\W+/g, "-").toLowerCase()}`}
          label="Status"
          value={status}
          onValue={(next) => {
            // Another status starts again from the first page.
            setStatus(next);
            setOffset(0);
          }}
          options={STATUS_OPTIONS}
        />
      </FilterBar>
      <QueryList
        query={query}
        loadingLabel="Loading content…"
        emptyIcon={<PenIcon className="size-5" />}
        empty={{
          title: status ? "Nothing with this status" : "No content yet",
          description: emptyText,
        }}
        pagination={{ offset, limit: CONTENT_PAGE_SIZE, onChange: setOffset, noun: "item" }}
      >
        {(items) => (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={title}>
            {items.map((item) => (
              <ContentRow key={item.id} item={item} />
            ))}
          </ul>
        )}
      </QueryList>
    </Card>
  );
}
