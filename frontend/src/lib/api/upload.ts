// Multipart uploads with progress. fetch() cannot report how much of a request body has been
// sent, so uploads use XMLHttpRequest, with the same token handling as the API client: the
// access token from memory, and one silent refresh and retry when the call comes back 401.
import { session } from "@/lib/auth/session";

import { refreshSession, reportSessionExpired } from "@/lib/api/client";
import { asProblem, problemMessage, type Problem } from "@/lib/api/problem";

export interface UploadProgress {
  /** Bytes of the request body sent so far. */
  loaded: number;
  /** Size of the whole request body (multipart overhead included). */
  total: number;
}

export type UploadOutcome<D> =
  | { ok: true; status: number; data: D }
  | { ok: false; status: number; problem: Problem | null; message: string };

interface RawReply {
  status: number;
  text: string;
  retryAfter: string | null;
}

const NETWORK_MESSAGE = "The server could not be reached. Check your connection and try again.";

function send(
  path: string,
  body: FormData,
  token: string | null,
  onProgress: ((progress: UploadProgress) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<RawReply | "network" | "aborted"> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () =>
      resolve({
        status: xhr.status,
        text: xhr.responseText,
        retryAfter: xhr.getResponseHeader("Retry-After"),
      });
    xhr.onerror = () => resolve("network");
    xhr.onabort = () => resolve("aborted");
    if (signal) {
      if (signal.aborted) {
        resolve("aborted");
        return;
      }
      signal.addEventListener("abort", () => xhr.abort(), { once: true });
    }
    xhr.send(body);
  });
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** POSTs a multipart form to the API, reporting upload progress; never throws. */
export async function postForm<D>(
  path: string,
  body: FormData,
  { onProgress, signal }: { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<UploadOutcome<D>> {
  let reply = await send(path, body, session.getAccessToken(), onProgress, signal);
  if (reply !== "network" && reply !== "aborted" && reply.status === 401) {
    if (await refreshSession()) {
      onProgress?.({ loaded: 0, total: 0 });
      reply = await send(path, body, session.getAccessToken(), onProgress, signal);
    } else {
      reportSessionExpired();
    }
  }
  if (reply === "network") {
    return { ok: false, status: 0, problem: null, message: NETWORK_MESSAGE };
  }
  if (reply === "aborted") {
    return { ok: false, status: 0, problem: null, message: "The upload was cancelled." };
  }
  const payload = parse(reply.text);
  if (reply.status >= 200 && reply.status < 300) {
    return { ok: true, status: reply.status, data: payload as D };
  }
  const headers = reply.retryAfter ? { "Retry-After": reply.retryAfter } : undefined;
  const response = new Response(null, { status: reply.status, headers });
  return {
    ok: false,
    status: reply.status,
    problem: asProblem(payload),
    message: problemMessage(payload, response),
  };
}
