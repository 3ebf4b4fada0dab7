// How a text message is sent, counted as carriers count it: GSM-7 septets (extension characters
// cost two) or, as soon as one character is outside GSM-7 (an emoji, a curly quote), UTF-16 units.
// The same rules as the backend's content/channels.py, so the bubble and the linter agree.

const GSM7_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM7_EXTENSION = new Set("^{}\\[~]|€\f");

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsMeasure {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Units that fit in one segment of this encoding (concatenated parts carry a header). */
  perSegment: number;
  /** Characters outside GSM-7 that force UCS-2, for the hint. */
  offenders: string[];
}

export function measureSms(text: string): SmsMeasure {
  const offenders: string[] = [];
  let septets = 0;
  for (const char of text) {
    if (GSM7_BASIC.has(char)) septets += 1;
    else if (GSM7_EXTENSION.has(char)) septets += 2;
    else if (!offenders.includes(char)) offenders.push(char);
  }
  const gsm = offenders.length === 0;
  // UTF-16 code units: JavaScript's own string length.
  const units = gsm ? septets : text.length;
  const [single, part] = gsm ? [160, 153] : [70, 67];
  const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / part);
  return {
    encoding: gsm ? "GSM-7" : "UCS-2",
    units,
    segments,
    perSegment: segments > 1 ? part : single,
    offenders,
  };
}
