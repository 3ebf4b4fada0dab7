import { CarIcon } from "@/ui/icons";

import type { PreviewCopy } from "./types";

/** Splits print copy into its parts: a headline line, body paragraphs, a price block, small print. */
export function printParts(text: string): {
  headline: string;
  body: string[];
  price: string[];
  smallPrint: string[];
} {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  const [first = "", ...rest] = paragraphs;
  const [headline = "", ...afterHeadline] = first.split("\n");
  const body: string[] = afterHeadline.length ? [afterHeadline.join("\n")] : [];
  const price: string[] = [];
  const smallPrint: string[] = [];
  for (const paragraph of rest) {
    // Disclosures ("*", "APR", "Offer ends", "See dealer") go in small print; short lines with
    // a dollar amount are the price block.
    if (
      /^\*|^(disclosure|offer|see dealer|plus tax|prices?\s)|\bAPR\b|\bexcludes?\b/i.test(paragraph)
    )
      smallPrint.push(paragraph);
    else if (/\$\s?\d/.test(paragraph) && paragraph.length < 160) price.push(paragraph);
    else body.push(paragraph);
  }
  return { headline, body, price, smallPrint };
}

/** A print ad laid out on a letter page (8.5 × 11 in), as it would come off the printer. */
export function PrintPreview({ copy }: { copy: PreviewCopy }) {
  const parts = printParts(copy.text);
  return (
    <div className="rounded-xl bg-zinc-200 p-6 dark:bg-zinc-800" data-testid="print-preview">
      <div className="mx-auto flex aspect-[8.5/11] w-full max-w-md flex-col bg-white p-8 text-zinc-900 shadow-lg">
        <p className="text-[0.6rem] font-semibold uppercase tracking-widest text-zinc-500">
          {copy.dealerName || "Your dealership"}
        </p>
        <h3 className="mt-2 font-serif text-2xl font-bold leading-tight">{parts.headline}</h3>
        <div className="mt-4 flex aspect-[16/9] items-center justify-center overflow-hidden bg-zinc-100">
          {copy.photoUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- signed API links, not assets
            <img src={copy.photoUrl} alt={copy.title} className="size-full object-cover" />
          ) : (
            <CarIcon className="size-12 text-zinc-300" />
          )}
        </div>
        <div className="mt-4 flex-1 space-y-2 overflow-hidden text-[0.7rem] leading-snug">
          {parts.body.map((paragraph, index) => (
            <p key={index} className="whitespace-pre-wrap">
              {paragraph}
            </p>
          ))}
        </div>
        {parts.price.length > 0 && (
          <div className="mt-3 rounded bg-zinc-900 px-3 py-2 text-center text-white">
            {parts.price.map((line, index) => (
              <p key={index} className="whitespace-pre-wrap text-sm font-bold">
                {line}
              </p>
            ))}
          </div>
        )}
        {parts.smallPrint.length > 0 && (
          <div className="mt-3 border-t border-zinc-300 pt-2 text-[0.5rem] leading-tight text-zinc-600">
            {parts.smallPrint.map((line, index) => (
              <p key={index} className="whitespace-pre-wrap">
                {line}
              </p>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
