import { cx } from "@/ui";
import { CarIcon } from "@/ui/icons";

import type { PreviewCopy } from "./types";

/** Hashtags, mentions and links in the platform's link colour. */
export function RichText({ text }: { text: string }) {
  const parts = text.split(/((?:#|@)[\p{L}\p{N}_]+|https?:\/\/\S+|www\.\S+)/u);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <span key={index} className="text-sky-700 dark:text-sky-400">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

function Photo({ url, alt, square }: { url?: string | null; alt: string; square?: boolean }) {
  return (
    <div
      className={cx(
        "flex w-full items-center justify-center overflow-hidden bg-gradient-to-br from-zinc-100 to-zinc-200 dark:from-zinc-800 dark:to-zinc-900",
        square ? "aspect-square" : "aspect-[1.91/1]",
      )}
    >
      {url ? (
        // eslint-disable-next-line @next/next/no-img-element -- signed API links, not assets
        <img src={url} alt={alt} className="size-full object-cover" />
      ) : (
        <span className="flex flex-col items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
          <CarIcon className="size-10" />
          No processed photo yet
        </span>
      )}
    </div>
  );
}

function Avatar({ name }: { name: string }) {
  return (
    <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
      {name.charAt(0).toUpperCase() || "D"}
    </span>
  );
}

/**
 * A post as the platform lays it out: Instagram puts the square photo first and the caption
 * under it; Facebook and X put the text first; a Google Business post has a call-to-action button.
 */
export function SocialPreview({ copy }: { copy: PreviewCopy }) {
  const dealer = copy.dealerName || "Your dealership";
  const handle = dealer.toLowerCase().replace(/[^a-z0-9]+/g, "");
  const caption = (
    <p className="whitespace-pre-wrap break-words text-sm text-zinc-900 dark:text-zinc-100">
      {copy.channel === "instagram" && <span className="mr-1 font-semibold">{handle}</span>}
      <RichText text={copy.text} />
    </p>
  );
  const photo = (
    <Photo url={copy.photoUrl} alt={copy.title} square={copy.channel === "instagram"} />
  );
  return (
    <article
      className="mx-auto w-full max-w-md overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-950"
      data-testid="social-preview"
      data-channel={copy.channel}
    >
      <header className="flex items-center gap-2.5 px-3.5 py-3">
        <Avatar name={dealer} />
        <div className="min-w-0 text-sm leading-tight">
          <p className="truncate font-semibold text-zinc-900 dark:text-zinc-100">
            {copy.channel === "x" || copy.channel === "instagram" ? handle : dealer}
          </p>
          <p className="text-xs text-zinc-500">
            {copy.channel === "x" ? `@${handle} · now` : "Just now · Public"}
          </p>
        </div>
      </header>
      {copy.channel === "instagram" ? (
        <>
          {photo}
          <div className="space-y-1 px-3.5 py-3">
            <p className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">♥ 0 likes</p>
            {caption}
          </div>
        </>
      ) : copy.channel === "google-business" ? (
        <>
          {photo}
          <div className="space-y-3 px-3.5 py-3">
            {caption}
            <span className="inline-flex rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white">
              Learn more
            </span>
          </div>
        </>
      ) : (
        <>
          <div className="px-3.5 pb-3">{caption}</div>
          <div
            className={cx(
              copy.channel === "x" &&
                "mx-3.5 mb-3 overflow-hidden rounded-xl border border-zinc-200 dark:border-zinc-800",
            )}
          >
            {photo}
          </div>
        </>
      )}
    </article>
  );
}
