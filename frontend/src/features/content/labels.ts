// The choices the studio offers and how they read. Values are the API's (GenerationSettings);
// the wire types themselves come from the generated client (./api.ts).
import type { Channel, ContentStatus, ContentType, Severity } from "./api";

export const CHANNELS: { value: Channel; label: string; type: ContentType; hint: string }[] = [
  { value: "facebook", label: "Facebook", type: "social", hint: "About 480 characters show" },
  { value: "instagram", label: "Instagram", type: "social", hint: "Caption and hashtags" },
  { value: "x", label: "X", type: "social", hint: "280 weighted characters" },
  {
    value: "google-business",
    label: "Google Business",
    type: "social",
    hint: "No phone numbers",
  },
  { value: "email", label: "E-mail", type: "email", hint: "Subject, HTML and plain text" },
  { value: "sms", label: "SMS", type: "social", hint: "One 160-character segment" },
  { value: "print", label: "Print", type: "print", hint: "Headline, body, price block" },
  { value: "video", label: "Video", type: "video", hint: "Timed scenes" },
];

export function channelLabel(channel: string): string {
  return CHANNELS.find((each) => each.value === channel)?.label ?? channel;
}

export function typeOfChannel(channel: Channel): ContentType {
  return CHANNELS.find((each) => each.value === channel)?.type ?? "social";
}

export const AUDIENCES = [
  { value: "", label: "Everyone" },
  { value: "families", label: "Families" },
  { value: "first-time-buyers", label: "First-time buyers" },
  { value: "commuters", label: "Commuters" },
  { value: "off-road", label: "Off-road fans" },
  { value: "luxury", label: "Luxury buyers" },
] as const;

export const TONES = [
  { value: "friendly", label: "Friendly" },
  { value: "professional", label: "Professional" },
  { value: "urgent", label: "Urgent" },
  { value: "playful", label: "Playful" },
] as const;

export const LENGTHS = [
  { value: "short", label: "Short" },
  { value: "medium", label: "Medium" },
  { value: "long", label: "Long" },
] as const;

export const VIDEO_SECONDS = [15, 30, 60] as const;

export const STATUS_BADGE: Record<
  ContentStatus,
  { label: string; tone: "neutral" | "brand" | "success" | "warning" | "danger" }
> = {
  draft: { label: "Draft", tone: "neutral" },
  review: { label: "In review", tone: "warning" },
  published: { label: "Published", tone: "success" },
};

export const SEVERITY_TONE: Record<Severity, "danger" | "warning" | "brand"> = {
  error: "danger",
  warning: "warning",
  info: "brand",
};

export const CATEGORY_LABELS: Record<string, string> = {
  "reg-z": "Reg Z (credit terms)",
  "reg-m": "Reg M (lease terms)",
  "deceptive-claim": "Deceptive claim",
  length: "Length",
  "platform-rule": "Platform rule",
  "can-spam": "CAN-SPAM",
  style: "Style",
};
