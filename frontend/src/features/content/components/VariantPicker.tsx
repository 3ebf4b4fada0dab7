"use client";

import { Badge, Button, cx } from "@/ui";
import { CheckIcon } from "@/ui/icons";

import type { Finding } from "../api";

export interface VariantView {
  title: string;
  text: string;
  subject?: string | null;
  findings?: Finding[];
  /** Numbers a model wrote that the facts and the offer do not support. */
  flaggedNumbers?: string[];
}

function findingBadge(findings: Finding[] | undefined) {
  if (!findings) return null;
  const errors = findings.filter((finding) => finding.severity === "error").length;
  if (errors > 0) return <Badge tone="danger">{errors} to fix</Badge>;
  if (findings.length > 0) return <Badge tone="warning">{findings.length} to check</Badge>;
  return <Badge tone="success">No findings</Badge>;
}

/**
 * The generated variants side by side; the one chosen goes into the editor. Without `onChoose`
 * the cards only show the copy (as it is being written, when `writing`).
 */
export function VariantPicker({
  variants,
  chosen = null,
  onChoose,
  writing = false,
}: {
  variants: VariantView[];
  chosen?: number | null;
  onChoose?: (index: number) => void;
  writing?: boolean;
}) {
  return (
    <ul
      aria-busy={writing || undefined}
      className={cx(
        "grid gap-3",
        variants.length >= 3 ? "lg:grid-cols-3" : variants.length === 2 ? "md:grid-cols-2" : "",
      )}
      aria-label="Variants"
    >
      {variants.map((variant, index) => {
        const on = chosen === index;
        return (
          <li
            key={index}
            data-testid="variant"
            aria-current={on || undefined}
            className={cx(
              "flex flex-col rounded-xl border p-4 transition-colors",
              on
                ? "border-brand-500 bg-brand-50/50 ring-1 ring-brand-500 dark:bg-brand-950/20"
                : "border-zinc-200 dark:border-zinc-800",
            )}
          >
            <div className="flex items-start justify-between gap-2">
              <p className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
                Variant {index + 1}
              </p>
              <span className="flex flex-wrap justify-end gap-1">
                {findingBadge(variant.findings)}
                {variant.flaggedNumbers && variant.flaggedNumbers.length > 0 && (
                  <Badge tone="danger">Unsupported numbers</Badge>
                )}
              </span>
            </div>
            {variant.title && (
              <p className="mt-1 text-sm font-semibold text-zinc-900 dark:text-zinc-100">
                {variant.title}
              </p>
            )}
            {variant.flaggedNumbers && variant.flaggedNumbers.length > 0 && (
              <p className="mt-1 text-xs text-red-700 dark:text-red-300">
                Not in the vehicle&apos;s facts or the offer: {variant.flaggedNumbers.join(", ")}.
                Check them before using this one.
              </p>
            )}
            {variant.subject && (
              <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
                Subject: {variant.subject}
              </p>
            )}
            <p className="mt-2 line-clamp-[10] flex-1 whitespace-pre-wrap break-words text-sm text-zinc-700 dark:text-zinc-300">
              {variant.text}
            </p>
            {onChoose && (
              <div className="mt-3">
                <Button
                  size="sm"
                  variant={on ? "primary" : "secondary"}
                  onClick={() => onChoose(index)}
                  aria-pressed={on}
                  aria-label={on ? `Variant ${index + 1} chosen` : `Use variant ${index + 1}`}
                >
                  {on ? (
                    <>
                      <CheckIcon className="size-4" /> Chosen
                    </>
                  ) : (
                    "Use this one"
                  )}
                </Button>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
