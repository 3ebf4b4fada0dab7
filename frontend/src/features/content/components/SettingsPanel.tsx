"use client";

import { cx, SelectField, TextField } from "@/ui";

import type { Channel, Offer } from "../api";
import { AUDIENCES, CHANNELS, LENGTHS, TONES, VIDEO_SECONDS } from "../labels";

export type OfferKind = "none" | "sale" | "finance" | "lease";

/** The studio's settings as typed (numbers as strings until they are sent). */
export interface StudioSettings {
  channel: Channel;
  audience: string;
  tone: string;
  length: "short" | "medium" | "long";
  callToAction: string;
  videoSeconds: number;
  offerKind: OfferKind;
  offer: Record<OfferField, string>;
}

type OfferField =
  | "salePrice"
  | "downPayment"
  | "monthlyPayment"
  | "termMonths"
  | "apr"
  | "dueAtSigning"
  | "securityDeposit"
  | "expires";

export const DEFAULT_SETTINGS: StudioSettings = {
  channel: "instagram",
  audience: "",
  tone: "friendly",
  length: "medium",
  callToAction: "",
  videoSeconds: 30,
  offerKind: "none",
  offer: {
    salePrice: "",
    downPayment: "",
    monthlyPayment: "",
    termMonths: "",
    apr: "",
    dueAtSigning: "",
    securityDeposit: "",
    expires: "",
  },
};

const OFFER_FIELDS: Record<
  Exclude<OfferKind, "none">,
  { field: OfferField; label: string; hint?: string }[]
> = {
  sale: [
    { field: "salePrice", label: "Sale price ($)" },
    { field: "expires", label: "Offer ends", hint: "e.g. 12/31/2026" },
  ],
  finance: [
    { field: "monthlyPayment", label: "Monthly payment ($)" },
    { field: "termMonths", label: "Term (months)" },
    { field: "downPayment", label: "Down payment ($)" },
    { field: "apr", label: "APR (%)" },
    { field: "expires", label: "Offer ends" },
  ],
  lease: [
    { field: "monthlyPayment", label: "Monthly payment ($)" },
    { field: "termMonths", label: "Term (months)" },
    { field: "dueAtSigning", label: "Due at signing ($)" },
    { field: "securityDeposit", label: "Security deposit ($)" },
    { field: "expires", label: "Offer ends" },
  ],
};

const OFFER_LABELS: Record<OfferKind, string> = {
  none: "No offer",
  sale: "Sale price",
  finance: "Finance",
  lease: "Lease",
};

const NUMBER_FIELDS = new Set<OfferField>([
  "salePrice",
  "downPayment",
  "monthlyPayment",
  "termMonths",
  "apr",
  "dueAtSigning",
  "securityDeposit",
]);

/** The offer to send, from what was typed: blank fields are left out, never guessed. */
export function offerOf(settings: StudioSettings): Offer | null {
  if (settings.offerKind === "none") return null;
  const offer: Record<string, string | number> = { kind: settings.offerKind };
  for (const { field } of OFFER_FIELDS[settings.offerKind]) {
    const raw = settings.offer[field].trim().replace(/[$,%\s]/g, "");
    if (!raw) continue;
    if (NUMBER_FIELDS.has(field)) {
      const value = Number(raw);
      if (Number.isFinite(value)) offer[field] = value;
    } else offer[field] = settings.offer[field].trim();
  }
  return offer as unknown as Offer;
}

/** Channel, audience, tone, length, call to action and an optional offer. */
export function SettingsPanel({
  value,
  onChange,
}: {
  value: StudioSettings;
  onChange: (value: StudioSettings) => void;
}) {
  const set = <K extends keyof StudioSettings>(key: K, next: StudioSettings[K]) =>
    onChange({ ...value, [key]: next });
  return (
    <div className="space-y-5">
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Channel
        </legend>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {CHANNELS.map((channel) => {
            const on = value.channel === channel.value;
            return (
              <label
                key={channel.value}
                className={cx(
                  "cursor-pointer rounded-lg border px-3 py-2 text-sm transition-colors focus-within:outline-2 focus-within:outline-brand-500",
                  on
                    ? "border-brand-500 bg-brand-50 text-brand-900 dark:border-brand-500 dark:bg-brand-950/40 dark:text-brand-100"
                    : "border-zinc-200 hover:border-zinc-300 dark:border-zinc-800 dark:hover:border-zinc-700",
                )}
              >
                <input
                  type="radio"
                  name="channel"
                  value={channel.value}
                  checked={on}
                  onChange={() => set("channel", channel.value)}
                  className="sr-only"
                />
                <span className="block font-medium">{channel.label}</span>
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                  {channel.hint}
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label="Audience"
          value={value.audience}
          onChange={(event) => set("audience", event.target.value)}
        >
          {AUDIENCES.map((each) => (
            <option key={each.value} value={each.value}>
              {each.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Tone"
          value={value.tone}
          onChange={(event) => set("tone", event.target.value)}
        >
          {TONES.map((each) => (
            <option key={each.value} value={each.value}>
              {each.label}
            </option>
          ))}
        </SelectField>
        {value.channel === "video" ? (
          <SelectField
            label="Video length"
            value={value.videoSeconds}
            onChange={(event) => set("videoSeconds", Number(event.target.value))}
          >
            {VIDEO_SECONDS.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds} seconds
              </option>
            ))}
          </SelectField>
        ) : (
          <SelectField
            label="Length"
            value={value.length}
            onChange={(event) => set("length", event.target.value as StudioSettings["length"])}
          >
            {LENGTHS.map((each) => (
              <option key={each.value} value={each.value}>
                {each.label}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      <TextField
        label="Call to action"
        placeholder="e.g. Book a test drive today"
        hint="Optional: leave blank to let the writer choose one."
        value={value.callToAction}
        maxLength={120}
        onChange={(event) => set("callToAction", event.target.value)}
      />
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Offer</legend>
        <div className="flex flex-wrap gap-2" role="radiogroup" aria-label="Offer">
          {(["none", "sale", "finance", "lease"] as const).map((kind) => (
            <label
              key={kind}
              className={cx(
                "cursor-pointer rounded-full border px-3 py-1 text-sm",
                value.offerKind === kind
                  ? "border-brand-500 bg-brand-50 text-brand-800 dark:bg-brand-950/40 dark:text-brand-200"
                  : "border-zinc-200 text-zinc-600 dark:border-zinc-700 dark:text-zinc-300",
              )}
            >
              <input
                type="radio"
                name="offer-kind"
                className="sr-only"
                checked={value.offerKind === kind}
                onChange={() => set("offerKind", kind)}
              />
              {OFFER_LABELS[kind]}
            </label>
          ))}
        </div>
        {value.offerKind !== "none" && (
          <div className="grid gap-3 sm:grid-cols-2">
            {OFFER_FIELDS[value.offerKind].map(({ field, label, hint }) => (
              <TextField
                key={field}
                label={label}
                hint={hint}
                value={value.offer[field]}
                inputMode={NUMBER_FIELDS.has(field) ? "decimal" : undefined}
                onChange={(event) => set("offer", { ...value.offer, [field]: event.target.value })}
              />
            ))}
            <p className="text-xs text-zinc-500 sm:col-span-2 dark:text-zinc-400">
              The terms you give here build the disclosures the law asks for (Regulation Z for
              finance, Regulation M for leases); nothing is made up.
            </p>
          </div>
        )}
      </fieldset>
    </div>
  );
}
