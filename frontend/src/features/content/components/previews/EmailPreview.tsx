"use client";

import { useState } from "react";

import { cx } from "@/ui";

import type { PreviewCopy } from "./types";

const TABS = [
  { value: "html", label: "HTML" },
  { value: "text", label: "Plain text" },
] as const;

/**
 * The e-mail as an inbox shows it: sender, subject and preheader, then the body in a sandboxed
 * frame (no scripts, no access to the app) or as the plain-text part.
 */
export function EmailPreview({ copy }: { copy: PreviewCopy }) {
  const [tab, setTab] = useState<"html" | "text">(copy.html ? "html" : "text");
  return (
    <div
      className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-950"
      data-testid="email-preview"
    >
      <div className="flex items-center gap-1.5 border-b border-zinc-200 bg-zinc-100 px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
        <span className="size-2.5 rounded-full bg-red-400" />
        <span className="size-2.5 rounded-full bg-amber-400" />
        <span className="size-2.5 rounded-full bg-emerald-400" />
        <span className="ml-2 text-xs text-zinc-500">Inbox</span>
      </div>
      <div className="space-y-0.5 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <p className="text-xs text-zinc-500">From {copy.dealerName || "Your dealership"}</p>
        <p
          className="text-base font-semibold text-zinc-900 dark:text-zinc-100"
          data-testid="email-subject"
        >
          {copy.subject || "(no subject)"}
        </p>
        {copy.preheader && <p className="truncate text-sm text-zinc-500">{copy.preheader}</p>}
      </div>
      <div
        role="tablist"
        aria-label="E-mail body"
        className="flex gap-1 border-b border-zinc-200 px-3 pt-2 dark:border-zinc-800"
      >
        {TABS.map((each) => (
          <button
            key={each.value}
            type="button"
            role="tab"
            aria-selected={tab === each.value}
            disabled={each.value === "html" && !copy.html}
            onClick={() => setTab(each.value)}
            className={cx(
              "-mb-px rounded-t-md border-b-2 px-3 py-1.5 text-sm font-medium disabled:opacity-40",
              tab === each.value
                ? "border-brand-600 text-brand-700 dark:text-brand-300"
                : "border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200",
            )}
          >
            {each.label}
          </button>
        ))}
      </div>
      {tab === "html" && copy.html ? (
        <iframe
          title="E-mail (HTML)"
          sandbox=""
          srcDoc={copy.html}
          className="h-[28rem] w-full bg-white"
        />
      ) : (
        <pre className="max-h-[28rem] overflow-auto whitespace-pre-wrap break-words px-4 py-3 font-mono text-xs leading-5 text-zinc-800 dark:text-zinc-200">
          {copy.text}
        </pre>
      )}
    </div>
  );
}
