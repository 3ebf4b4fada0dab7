"use client";

import { useId, useState } from "react";

import { formatDateTime } from "@/lib/format";
import { Button, ConfirmButton, CONTROL_CLASSES, cx } from "@/ui";

import { TimeStamp } from "../components/TimeStamp";
import { clock } from "../pace";
import { COMMENT_MAX, useAddComment, useDeleteComment, type SessionComment } from "./commentsApi";

const author = (comment: SessionComment) => comment.authorName ?? "A former colleague";

/** A comment where it belongs in the transcript: under the paragraph it is about. */
export function CommentNote({
  comment,
  onSeek,
}: {
  comment: SessionComment;
  onSeek?: (seconds: number) => void;
}) {
  return (
    <div
      className="flex gap-2 rounded-lg border-l-4 border-amber-400 bg-amber-50 px-3 py-2 text-sm dark:bg-amber-950/40"
      data-testid="transcript-comment"
    >
      <TimeStamp seconds={comment.atS} onSeek={onSeek} />
      <p className="min-w-0 whitespace-pre-line text-zinc-800 dark:text-zinc-200">
        <span className="font-medium">{author(comment)}: </span>
        {comment.body}
      </p>
    </div>
  );
}

/**
 * The comments on a session, in the order of the recording, and the form for a new one at the
 * moment the player is at. The session's owner, their manager and admins may write (the owner's
 * are replies); the API says which comments the caller may delete (its author's, an admin's).
 */
export function Comments({
  sessionId,
  comments,
  mine,
  time,
  onSeek,
}: {
  sessionId: string;
  comments: readonly SessionComment[];
  /** The session is the signed-in person's own. */
  mine: boolean;
  time: number;
  onSeek?: (seconds: number) => void;
}) {
  const remove = useDeleteComment(sessionId);
  return (
    <div className="space-y-4">
      {comments.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          {mine ? "No comments from your coach yet." : "No comments yet."}
        </p>
      ) : (
        <ol className="space-y-2" aria-label="Comments">
          {comments.map((comment) => (
            <li
              key={comment.id}
              className="flex gap-3 rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800"
              data-testid="comment"
            >
              <TimeStamp seconds={comment.atS} onSeek={onSeek} />
              <div className="min-w-0 flex-1 space-y-1">
                <p className="whitespace-pre-line text-sm text-zinc-800 dark:text-zinc-200">
                  {comment.body}
                </p>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  {author(comment)} · {formatDateTime(comment.createdAt)}
                </p>
              </div>
              {comment.canDelete && (
                <ConfirmButton
                  variant="ghost"
                  confirmLabel="Delete comment"
                  disabled={remove.isPending}
                  onConfirm={() => remove.mutate(comment.id)}
                >
                  Delete
                </ConfirmButton>
              )}
            </li>
          ))}
        </ol>
      )}
      <CommentForm sessionId={sessionId} at={time} reply={mine} />
    </div>
  );
}

function CommentForm({ sessionId, at, reply }: { sessionId: string; at: number; reply: boolean }) {
  const id = useId();
  const [body, setBody] = useState("");
  const add = useAddComment(sessionId);
  const send = (event: React.FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    add.mutate({ atS: at, body: text }, { onSuccess: () => setBody("") });
  };
  const verb = reply ? "Reply" : "Comment";
  return (
    <form onSubmit={send} className="space-y-2" aria-label={`${verb} on the recording`}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {reply ? "Your reply" : "Your comment"}
      </label>
      <textarea
        id={id}
        rows={3}
        value={body}
        maxLength={COMMENT_MAX}
        onChange={(event) => setBody(event.target.value)}
        aria-describedby={`${id}-hint`}
        className={cx(CONTROL_CLASSES, "w-full py-2")}
        placeholder={
          reply ? "e.g. Thanks, I'll try that." : "e.g. Pause after the price objection."
        }
      />
      <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
        Pinned to where the player is now ({clock(at)}): pause or click the transcript to choose the
        moment.
      </p>
      {add.isError && (
        <p className="text-sm text-red-600 dark:text-red-400" role="alert">
          {add.error.message}
        </p>
      )}
      <Button type="submit" size="sm" loading={add.isPending} disabled={!body.trim()}>
        {verb} at {clock(at)}
      </Button>
    </form>
  );
}
