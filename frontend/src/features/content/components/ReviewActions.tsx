"use client";

import { useState } from "react";

import { useUser } from "@/lib/auth/AuthProvider";
import { hasRole, MANAGERS } from "@/lib/auth/roles";
import { Alert, Button } from "@/ui";

import { refusalFindings, useTransitions, type ContentItem } from "../api";
import { FindingList } from "./LintedEditor";

/**
 * A manager's decision on an item in review: publish it, or send it back to its author with a
 * comment saying what to change. Publishing is refused while an error finding remains; the
 * refusal lists them.
 */
export function ReviewActions({
  item,
  onDone,
}: {
  item: Pick<ContentItem, "id" | "status">;
  onDone?: (item: ContentItem) => void;
}) {
  const user = useUser();
  const { publish, reject } = useTransitions(onDone);
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string | null>(null);
  if (item.status !== "review" || !hasRole(user.role, MANAGERS)) return null;

  const failure = publish.error ?? reject.error;
  const blocking = refusalFindings(publish.error);
  const busy = publish.isPending || reject.isPending;

  const sendBack = () => {
    if (!comment.trim()) {
      setCommentError("Say what the author should change.");
      return;
    }
    setCommentError(null);
    reject.mutate({ id: item.id, comment: comment.trim() });
  };

  return (
    <div className="space-y-3" data-testid="review-actions">
      {failure && (
        <Alert tone="error" title={blocking.length ? "Not published" : undefined}>
          {failure.message}
        </Alert>
      )}
      {blocking.length > 0 && <FindingList findings={blocking} />}
      {rejecting ? (
        <div className="space-y-2">
          <label
            htmlFor={`reject-${item.id}`}
            className="block text-sm font-medium text-zinc-800 dark:text-zinc-200"
          >
            Comment for the author
          </label>
          <textarea
            id={`reject-${item.id}`}
            rows={3}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            aria-invalid={commentError ? true : undefined}
            aria-describedby={commentError ? `reject-${item.id}-error` : undefined}
            className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/25 dark:border-zinc-700 dark:bg-zinc-900"
            placeholder="e.g. Lead with the third-row seats; drop the exclamation marks."
          />
          {commentError && (
            <p id={`reject-${item.id}-error`} className="text-sm text-red-600 dark:text-red-400">
              {commentError}
            </p>
          )}
          <div className="flex gap-2">
            <Button variant="danger" size="sm" loading={reject.isPending} onClick={sendBack}>
              Send back
            </Button>
            <Button variant="ghost" size="sm" disabled={busy} onClick={() => setRejecting(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            loading={publish.isPending}
            disabled={busy}
            onClick={() => publish.mutate(item.id)}
          >
            Publish
          </Button>
          <Button variant="secondary" size="sm" disabled={busy} onClick={() => setRejecting(true)}>
            Send back…
          </Button>
        </div>
      )}
    </div>
  );
}
