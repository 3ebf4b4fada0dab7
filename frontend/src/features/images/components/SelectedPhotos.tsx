"use client";

import { useState } from "react";

import { ProgressBar } from "@/features/jobs";
import { cx } from "@/ui";
import { CheckIcon, CloseIcon, ImageIcon } from "@/ui/icons";

import { formatBytes, PLATE_MASKS, type PlateMask } from "../settings";

const AS_THE_JOB = "job";

export interface ChosenPhoto {
  id: string;
  file: File;
  /** An object URL for the thumbnail; null where the browser cannot make one. */
  preview: string | null;
  /** Why this file will not be uploaded, if it will not. */
  problem: string | null;
  /** How this photo's licence plates are covered; null: as the job says. */
  plates: PlateMask | null;
}

function Thumbnail({ photo }: { photo: ChosenPhoto }) {
  // Browsers other than Safari cannot show HEIC: fall back to an icon.
  const [broken, setBroken] = useState(false);
  if (!photo.preview || broken || photo.problem) {
    return (
      <div className="flex size-full items-center justify-center text-zinc-400 dark:text-zinc-500">
        <ImageIcon className="size-6" />
      </div>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a local object URL, not a page asset
    <img
      src={photo.preview}
      alt=""
      className="size-full object-cover"
      onError={() => setBroken(true)}
    />
  );
}

function UploadState({ share, stored }: { share: number; stored: boolean }) {
  if (stored || share >= 1) {
    return (
      <span className="inline-flex items-center gap-1 text-emerald-700 dark:text-emerald-400">
        <CheckIcon className="size-3.5" /> Uploaded
      </span>
    );
  }
  if (share <= 0) return <span>Waiting to upload</span>;
  return <span>Uploading {Math.round(share * 100)} %</span>;
}

/**
 * The photos chosen for the next job. While uploading, each shows its share of the request
 * sent; before that, each can be removed.
 */
export function SelectedPhotos({
  photos,
  onRemove,
  onPlates,
  uploading,
  shares,
  stored,
}: {
  photos: ChosenPhoto[];
  onRemove: (id: string) => void;
  onPlates: (id: string, plates: PlateMask | null) => void;
  uploading: boolean;
  /** Per-photo share sent (0-1), for the photos being uploaded, by id. */
  shares: Record<string, number>;
  /** The whole request has been sent; the server is storing it. */
  stored: boolean;
}) {
  return (
    <ul
      aria-label="Chosen photos"
      className="grid max-h-[28rem] grid-cols-[repeat(auto-fill,minmax(9rem,1fr))] gap-2 overflow-y-auto p-0.5 sm:gap-3"
    >
      {photos.map((photo) => {
        const share = shares[photo.id] ?? 0;
        return (
          <li
            key={photo.id}
            className={cx(
              "group relative overflow-hidden rounded-lg border bg-white dark:bg-zinc-900",
              photo.problem
                ? "border-red-300 dark:border-red-900"
                : "border-zinc-200 dark:border-zinc-800",
            )}
          >
            <div className="aspect-[4/3] bg-zinc-100 dark:bg-zinc-800">
              <Thumbnail photo={photo} />
            </div>
            {!uploading && (
              <button
                type="button"
                onClick={() => onRemove(photo.id)}
                aria-label={`Remove ${photo.file.name}`}
                title="Remove"
                className="absolute right-1.5 top-1.5 rounded-full bg-zinc-900/70 p-1 text-white shadow-sm transition-colors hover:bg-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500"
              >
                <CloseIcon className="size-3.5" />
              </button>
            )}
            <div className="space-y-1 px-2 py-2">
              <p
                className="truncate text-xs font-medium text-zinc-800 dark:text-zinc-200"
                title={photo.file.name}
              >
                {photo.file.name}
              </p>
              {photo.problem ? (
                <p className="text-xs text-red-600 dark:text-red-400">
                  {photo.problem} Not uploaded.
                </p>
              ) : uploading ? (
                <div className="space-y-1 text-xs text-zinc-500 dark:text-zinc-400">
                  <ProgressBar
                    size="sm"
                    value={stored ? 100 : share * 100}
                    label={`Upload of ${photo.file.name}`}
                    tone={stored || share >= 1 ? "success" : "brand"}
                  />
                  <UploadState share={share} stored={stored} />
                </div>
              ) : (
                <>
                  <p className="text-xs text-zinc-500 dark:text-zinc-400">
                    {formatBytes(photo.file.size)}
                  </p>
                  <select
                    aria-label={`Licence plates of ${photo.file.name}`}
                    value={photo.plates ?? AS_THE_JOB}
                    onChange={(event) =>
                      onPlates(
                        photo.id,
                        event.target.value === AS_THE_JOB
                          ? null
                          : (event.target.value as PlateMask),
                      )
                    }
                    className="w-full rounded border border-zinc-200 bg-white px-1 py-0.5 text-xs text-zinc-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
                  >
                    <option value={AS_THE_JOB}>Plates: as the job</option>
                    {PLATE_MASKS.map((choice) => (
                      <option key={choice.value} value={choice.value}>
                        Plates: {choice.label.toLowerCase()}
                      </option>
                    ))}
                  </select>
                </>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
