"use client";

import Link from "next/link";
import { useState } from "react";

import { RequireRole } from "@/app-shell/RequireRole";
import { useVehicle } from "@/features/vehicles";
import { useDealership } from "@/lib/api/queries";
import { MANAGERS } from "@/lib/auth/roles";
import { buttonClasses, Card, CardHeader, cx, PageHeader, QueryList } from "@/ui";
import { ChevronDownIcon, PenIcon } from "@/ui/icons";

import { CONTENT_PAGE_SIZE, contentHref, useContentList, type ContentSummary } from "../api";
import { ContentRow } from "./ContentList";
import { FindingList } from "./LintedEditor";
import { ContentPreview } from "./previews/ContentPreview";
import { ReviewActions } from "./ReviewActions";

function ReviewDetail({ item }: { item: ContentSummary }) {
  const vehicle = useVehicle(item.vehicleId);
  const dealership = useDealership();
  const photoUrl = vehicle.data?.photos.flatMap((job) => job.items)[0]?.url ?? null;
  return (
    <div className="mt-4 grid gap-5 lg:grid-cols-2">
      <ContentPreview
        copy={{
          channel: item.channel,
          title: item.title,
          text: item.content.text,
          subject: item.content.subject,
          preheader: item.content.preheader,
          html: item.content.html,
          scenes: item.content.scenes,
          photoUrl,
          dealerName: dealership.data?.name,
        }}
      />
      <div className="space-y-4">
        <FindingList findings={item.findings} />
        <ReviewActions item={item} />
        <Link href={contentHref(item.id)} className={buttonClasses("ghost", "sm")}>
          Open in the editor
        </Link>
      </div>
    </div>
  );
}

function QueueItem({ item }: { item: ContentSummary }) {
  const [open, setOpen] = useState(false);
  return (
    <ContentRow item={item}>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className="mt-2 inline-flex items-center gap-1 text-xs font-medium text-brand-700 hover:underline dark:text-brand-300"
      >
        {open ? "Hide" : "Review"}
        <ChevronDownIcon className={cx("size-3.5 transition-transform", open && "rotate-180")} />
      </button>
      {open && <ReviewDetail item={item} />}
    </ContentRow>
  );
}

/** What salespeople submitted, oldest first, for a manager to publish or send back. */
function Queue() {
  const [offset, setOffset] = useState(0);
  const query = useContentList({ status: "review", offset });
  return (
    <Card aria-labelledby="queue-title">
      <CardHeader
        titleId="queue-title"
        title="Waiting for review"
        description="Publishing is refused while a compliance error remains."
      />
      <QueryList
        query={query}
        loadingLabel="Loading the queue…"
        emptyIcon={<PenIcon className="size-5" />}
        empty={{ title: "Nothing to review", description: "Submitted drafts appear here." }}
        pagination={{ offset, limit: CONTENT_PAGE_SIZE, onChange: setOffset, noun: "item" }}
      >
        {(items) => (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Review queue">
            {items.map((item) => (
              <QueueItem key={item.id} item={item} />
            ))}
          </ul>
        )}
      </QueryList>
    </Card>
  );
}

export function ReviewQueue() {
  return (
    <>
      <PageHeader
        title="Review queue"
        description="Copy your team submitted: publish it, or send it back to its author with a comment."
        actions={
          <Link href="/content/" className={buttonClasses("secondary", "sm")}>
            Back to the studio
          </Link>
        }
      />
      <RequireRole allowed={MANAGERS}>
        <Queue />
      </RequireRole>
    </>
  );
}
