import { cx } from "@/ui";

import { measureSms } from "../../sms";

/** A text message as the phone shows it, with what the carrier will count. */
export function SmsPreview({ text, sender }: { text: string; sender?: string | null }) {
  const sms = measureSms(text);
  const over = sms.segments > 1;
  return (
    <div className="mx-auto w-full max-w-xs" data-testid="sms-preview">
      <div className="rounded-[2rem] border border-zinc-300 bg-zinc-50 p-4 shadow-inner dark:border-zinc-700 dark:bg-zinc-950">
        <p className="mb-3 text-center text-xs font-medium text-zinc-500">
          {sender || "Text message"}
        </p>
        <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-bl-md bg-zinc-200 px-3.5 py-2 text-sm text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100">
          {text || "\u00a0"}
        </div>
      </div>
      <dl className="mt-3 grid grid-cols-3 gap-2 text-center text-xs" aria-label="Message size">
        <div>
          <dt className="text-zinc-500 dark:text-zinc-400">Segments</dt>
          <dd
            data-testid="sms-segments"
            className={cx(
              "text-base font-semibold tabular-nums",
              over ? "text-amber-700" : "text-zinc-900 dark:text-zinc-100",
            )}
          >
            {sms.segments}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500 dark:text-zinc-400">Encoding</dt>
          <dd
            data-testid="sms-encoding"
            className="text-base font-semibold text-zinc-900 dark:text-zinc-100"
          >
            {sms.encoding}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500 dark:text-zinc-400">
            {sms.encoding === "GSM-7" ? "Characters" : "Units"}
          </dt>
          <dd
            data-testid="sms-units"
            className="text-base font-semibold tabular-nums text-zinc-900 dark:text-zinc-100"
          >
            {sms.units}/{sms.perSegment * Math.max(1, sms.segments)}
          </dd>
        </div>
      </dl>
      {sms.offenders.length > 0 && (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-300" data-testid="sms-offenders">
          {sms.offenders.map((char) => `“${char}”`).join(" ")}{" "}
          {sms.offenders.length === 1 ? "is" : "are"} not in the GSM-7 alphabet, so the whole
          message is sent as UCS-2 (70 characters a segment).
        </p>
      )}
      {over && sms.offenders.length === 0 && (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-300">
          Sent as {sms.segments} messages: each costs a send, and some phones show them out of
          order.
        </p>
      )}
    </div>
  );
}
