"use client";

import { useRef } from "react";

import { Badge, Button, cx, Spinner } from "@/ui";

import type { Channel, Finding, Offer } from "../api";
import { useLint } from "../hooks/useLint";
import { CATEGORY_LABELS, SEVERITY_TONE } from "../labels";
import { insertDisclosure, piecesOf, worstSeverity } from "../spans";

// The textarea and the mirror behind it must lay text out identically, or the underlines drift.
const TEXT_LAYOUT =
  "whitespace-pre-wrap break-words px-3.5 py-3 font-sans text-sm leading-6 [overflow-wrap:anywhere]";

const UNDERLINE: Record<Finding["severity"], string> = {
  error: "decoration-red-500 bg-red-500/10",
  warning: "decoration-amber-500 bg-amber-400/15",
  info: "decoration-sky-500 bg-sky-400/10",
};

/** The text again, transparent, with each finding's span underlined: drawn under the textarea. */
function Mirror({
  text,
  findings,
  mirrorRef,
}: {
  text: string;
  findings: Finding[];
  mirrorRef: React.RefObject<HTMLDivElement | null>;
}) {
  return (
    <div
      ref={mirrorRef}
      aria-hidden="true"
      data-testid="lint-mirror"
      className={cx(
        TEXT_LAYOUT,
        "pointer-events-none absolute inset-0 overflow-hidden text-transparent",
      )}
    >
      {piecesOf(text, findings).map((piece) => {
        const severity = worstSeverity(piece.findings);
        if (!severity) return <span key={piece.start}>{piece.text}</span>;
        return (
          <mark
            key={piece.start}
            data-severity={severity}
            data-rules={piece.findings.map((finding) => finding.rule).join(" ")}
            className={cx(
              "rounded-sm text-transparent underline decoration-wavy decoration-2 underline-offset-4",
              UNDERLINE[severity],
            )}
          >
            {piece.text}
          </mark>
        );
      })}
      {/* A trailing newline needs something after it to take up its line. */}
      {"\u200b"}
    </div>
  );
}

export function FindingList({
  findings,
  onSelect,
  onFix,
}: {
  findings: Finding[];
  onSelect?: (finding: Finding) => void;
  onFix?: (finding: Finding) => void;
}) {
  if (findings.length === 0) {
    return (
      <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="lint-clean">
        No compliance or length problems found.
      </p>
    );
  }
  return (
    <ul className="space-y-2" aria-label="Findings">
      {findings.map((finding, index) => (
        <li
          key={`${finding.rule}-${finding.start}-${index}`}
          data-testid="finding"
          data-category={finding.category}
          data-severity={finding.severity}
          className="rounded-lg border border-zinc-200 px-3 py-2.5 text-sm dark:border-zinc-800"
        >
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={SEVERITY_TONE[finding.severity]}>
              {finding.severity === "error"
                ? "Must fix"
                : finding.severity === "warning"
                  ? "Check"
                  : "Tip"}
            </Badge>
            <span className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
              {CATEGORY_LABELS[finding.category] ?? finding.category}
            </span>
            {finding.citation && (
              <span className="text-xs text-zinc-500 dark:text-zinc-400">{finding.citation}</span>
            )}
          </div>
          <p className="mt-1.5 text-zinc-800 dark:text-zinc-200">
            {onSelect && finding.end > finding.start ? (
              <button
                type="button"
                className="text-left hover:underline focus-visible:outline-2 focus-visible:outline-brand-500"
                onClick={() => onSelect(finding)}
              >
                {finding.message}
              </button>
            ) : (
              finding.message
            )}
          </p>
          {finding.fix && onFix && (
            <div className="mt-2 flex flex-wrap items-start gap-2">
              <Button size="sm" variant="secondary" onClick={() => onFix(finding)}>
                Insert disclosure
              </Button>
              <p className="min-w-0 flex-1 text-xs text-zinc-500 dark:text-zinc-400">
                {finding.fix}
              </p>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * The copy editor: the linter's findings are underlined in the text as you type (checked after a
 * short pause) and listed below with their fixes; "Insert disclosure" puts the disclosure built
 * from the offer right after the sentence that triggered it.
 */
export function LintedEditor({
  id,
  label,
  value,
  onChange,
  channel,
  subject,
  offer,
  vehicleId,
  rows = 8,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  channel: Channel;
  subject?: string | null;
  offer?: Offer | null;
  vehicleId?: string | null;
  rows?: number;
  disabled?: boolean;
}) {
  const lint = useLint(value, channel, { subject, offer, vehicleId });
  const area = useRef<HTMLTextAreaElement>(null);
  const mirror = useRef<HTMLDivElement>(null);
  // Spans only line up with the text they were found in: while a newer text waits for its
  // check, the underlines are hidden rather than drawn in the wrong place.
  const current = lint.lintedText === value ? lint.findings : [];

  const select = (finding: Finding) => {
    const element = area.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(finding.start, finding.end);
  };
  const fix = (finding: Finding) => {
    if (!finding.fix) return;
    const next = insertDisclosure(value, finding, finding.fix);
    onChange(next.text);
    window.requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(next.caret, next.caret);
    });
  };
  const errors = current.filter((finding) => finding.severity === "error").length;

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        <span
          className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400"
          role="status"
        >
          {lint.checking ? (
            <>
              <Spinner className="size-3" /> Checking…
            </>
          ) : lint.error ? (
            <span className="text-red-600 dark:text-red-400">{lint.error}</span>
          ) : errors > 0 ? (
            <span className="text-red-600 dark:text-red-400">
              {errors} problem{errors === 1 ? "" : "s"} to fix before publishing
            </span>
          ) : value.trim() ? (
            "Checked"
          ) : null}
        </span>
      </div>
      <div className="relative rounded-lg border border-zinc-300 bg-white shadow-sm focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-500/25 dark:border-zinc-700 dark:bg-zinc-900">
        <Mirror text={value} findings={current} mirrorRef={mirror} />
        <textarea
          ref={area}
          id={id}
          rows={rows}
          value={value}
          disabled={disabled}
          spellCheck
          onChange={(event) => onChange(event.target.value)}
          onScroll={(event) => {
            if (mirror.current) mirror.current.scrollTop = event.currentTarget.scrollTop;
          }}
          aria-describedby={`${id}-findings`}
          aria-invalid={errors > 0 || undefined}
          className={cx(
            TEXT_LAYOUT,
            "relative block w-full resize-y rounded-lg bg-transparent text-zinc-900 caret-zinc-900 focus:outline-none disabled:cursor-not-allowed dark:text-zinc-100 dark:caret-zinc-100",
          )}
        />
      </div>
      <div id={`${id}-findings`}>
        {value.trim() && !lint.checking && !lint.error && (
          <FindingList findings={current} onSelect={select} onFix={disabled ? undefined : fix} />
        )}
        {lint.checking && lint.findings.length > 0 && (
          <div className="opacity-60">
            <FindingList findings={lint.findings} />
          </div>
        )}
      </div>
    </div>
  );
}
