"use client";

// Generated copy as it is written: POST /api/v1/content/generate answers NDJSON, one event a
// line (the event types come from the generated client, by endpoint).
import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import type { paths } from "@/lib/api/schema";
import type { Body } from "@/lib/api/types";

export type GenerateRequest = Body<"/api/v1/content/generate", "post">;
export type GenerationEvent =
  paths["/api/v1/content/generate"]["post"]["responses"][200]["content"]["application/json"];
export type GenerationDone = Extract<GenerationEvent, { variants: unknown }>;
type GenerationDelta = Extract<GenerationEvent, { variant: number }>;

/** Each line of an NDJSON body, parsed, as soon as the line is complete. */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // `stream`: a character split across two chunks is decoded once both have arrived.
      buffered += decoder.decode(value, { stream: !done });
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) yield JSON.parse(line);
      if (done) break;
    }
    if (buffered.trim()) yield JSON.parse(buffered);
  } finally {
    // A consumer that stops early (an error line, a page left) stops the download too.
    await reader.cancel().catch(() => undefined);
  }
}

/** The variants' text so far, after one piece: a restart empties that variant's card. */
export function grow(texts: readonly string[], event: GenerationDelta): string[] {
  const next = [...texts];
  while (next.length <= event.variant) next.push("");
  next[event.variant] = event.restart ? "" : next[event.variant] + (event.delta ?? "");
  return next;
}

/**
 * Streams generated copy, reporting each variant's text as it grows; resolves to the last event
 * (the variants as checked by the server, who wrote them, and why the model was not used if it
 * failed). Throws an ApiError when the request is refused, an Error when the stream breaks off.
 */
export async function streamGeneration(
  body: GenerateRequest,
  onTexts: (texts: string[]) => void,
  signal?: AbortSignal,
): Promise<GenerationDone> {
  const stream = await unwrap(
    api.POST("/api/v1/content/generate", { body, parseAs: "stream", signal }),
  );
  if (!stream) throw new Error("The server sent no copy. Try again.");
  let texts: string[] = [];
  for await (const line of ndjsonLines(stream)) {
    const event = line as GenerationEvent;
    if ("error" in event) throw new Error(event.error);
    if ("variants" in event) return event;
    texts = grow(texts, event);
    onTexts(texts);
  }
  throw new Error("The copy stopped before it was finished. Try again.");
}
