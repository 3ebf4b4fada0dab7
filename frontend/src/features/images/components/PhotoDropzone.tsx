"use client";

import { useId, useState } from "react";

import { cx } from "@/ui";
import { ImageIcon } from "@/ui/icons";

import { ACCEPT } from "../settings";

/** Drop photos here, or choose them (the hidden input stays focusable for the keyboard). */
export function PhotoDropzone({
  onFiles,
  disabled,
  compact,
  className,
}: {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
  compact?: boolean;
  className?: string;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
  const hasFiles = (event: React.DragEvent) => event.dataTransfer.types.includes("Files");
  return (
    <div
      data-testid="photo-dropzone"
      onDragEnter={(event) => {
        if (disabled || !hasFiles(event)) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragOver={(event) => {
        if (disabled || !hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        if (!disabled) onFiles(Array.from(event.dataTransfer.files));
      }}
      className={cx(
        "relative flex flex-col items-center justify-center rounded-lg border-2 border-dashed text-center transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-500",
        compact ? "px-4 py-4" : "px-6 py-10",
        over
          ? "border-brand-500 bg-brand-50/70 dark:border-brand-400 dark:bg-brand-950/30"
          : "border-zinc-300 bg-zinc-50/50 dark:border-zinc-700 dark:bg-zinc-900/40",
        disabled && "opacity-60",
        className,
      )}
    >
      <input
        id={id}
        type="file"
        multiple
        accept={ACCEPT}
        disabled={disabled}
        aria-label="Choose photos"
        className="sr-only"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Clear it so that choosing the same file again (after removing it) fires again.
          event.target.value = "";
          if (files.length) onFiles(files);
        }}
      />
      <div className={cx("flex items-center gap-3", !compact && "flex-col")}>
        <span
          className={cx(
            "flex items-center justify-center rounded-full bg-white text-brand-600 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-brand-300 dark:ring-zinc-700",
            compact ? "size-8" : "size-11",
          )}
        >
          <ImageIcon className={compact ? "size-4" : "size-5"} />
        </span>
        <div className={cx("text-sm", compact && "text-left")}>
          <p className="font-medium text-zinc-900 dark:text-zinc-100">
            {over ? (
              "Drop the photos to add them"
            ) : (
              <>
                Drag photos here or{" "}
                <label
                  htmlFor={id}
                  className={cx(
                    "font-semibold text-brand-700 underline-offset-2 dark:text-brand-300",
                    disabled ? "cursor-not-allowed" : "cursor-pointer hover:underline",
                  )}
                >
                  {compact ? "choose more" : "choose files"}
                </label>
              </>
            )}
          </p>
          {!compact && (
            <p className="mt-1 text-zinc-500 dark:text-zinc-400">
              JPEG, PNG, WebP or HEIC · up to 100 photos of one vehicle per job
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
