// The one API client: typed by the OpenAPI schema, with the access token added to each call and
// one silent refresh (deduplicated) and retry when a call comes back 401.
import createClient, { type Middleware } from "openapi-fetch";

import { session } from "@/lib/auth/session";

import type { paths } from "./schema";

const REFRESH_PATH = "/api/v1/auth/refresh";
/** Calls whose 401 means "wrong credentials", not "your session expired". */
const NO_REFRESH_PATHS = new Set([
  "/api/v1/auth/login",
  "/api/v1/auth/login/two-factor",
  REFRESH_PATH,
  "/api/v1/auth/logout",
]);
/** Problem codes that are a verdict on what the user typed, not on the session. */
const CREDENTIAL_CODES = new Set(["invalid_credentials", "invalid_password", "invalid_code"]);

function origin(): string {
  return typeof window === "undefined" ? "http://localhost" : window.location.origin;
}

const clientOptions = {
  baseUrl: origin(),
  credentials: "same-origin" as const,
  // Resolved on each call so that tests (and polyfills) can replace the global fetch.
  fetch: (input: Request) => globalThis.fetch(input),
};

/** Client without the auth middleware: for the refresh call itself. */
export const bareApi = createClient<paths>(clientOptions);
export const api = createClient<paths>(clientOptions);

let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request.
 * Resolves to false (and clears the session) when the cookie is missing or no longer valid.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const { data } = await bareApi.POST(REFRESH_PATH);
      if (data) {
        session.signIn(data.accessToken, data.user);
        return true;
      }
      session.clear();
      return false;
    } catch {
      session.clear({ unanswered: true });
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

type ExpiredHandler = () => void;

function redirectToLogin() {
  if (typeof window === "undefined") return;
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname.startsWith("/login")) return;
  // Outside React (no router yet): a full navigation is the only option here.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login/?next=${encodeURIComponent(here)}`);
}

let onSessionExpired: ExpiredHandler = redirectToLogin;

/** Lets the app route with its router instead of a full page load. */
export function setSessionExpiredHandler(handler: ExpiredHandler | null) {
  onSessionExpired = handler ?? redirectToLogin;
}

/** For calls made outside openapi-fetch (uploads): the session could not be renewed. */
export function reportSessionExpired() {
  onSessionExpired();
}

async function isCredentialError(response: Response): Promise<boolean> {
  try {
    const body: unknown = await response.clone().json();
    const code = (body as { code?: unknown } | null)?.code;
    return typeof code === "string" && CREDENTIAL_CODES.has(code);
  } catch {
    return false;
  }
}

function withToken(request: Request, token: string | null): Request {
  if (token) request.headers.set("Authorization", `Bearer ${token}`);
  else request.headers.delete("Authorization");
  return request;
}

const pendingRetries = new Map<string, Request>();

export const authMiddleware: Middleware = {
  onRequest({ request, schemaPath, id }) {
    const authed = withToken(request, session.getAccessToken());
    // Keep an unread copy: the body of the original is consumed by the first attempt.
    if (!NO_REFRESH_PATHS.has(schemaPath)) pendingRetries.set(id, authed.clone());
    return authed;
  },
  async onResponse({ response, schemaPath, id }) {
    const retry = pendingRetries.get(id);
    pendingRetries.delete(id);
    if (response.status !== 401 || !retry || NO_REFRESH_PATHS.has(schemaPath)) return undefined;
    if (await isCredentialError(response)) return undefined;
    if (!(await refreshSession())) {
      onSessionExpired();
      return undefined;
    }
    const second = await globalThis.fetch(withToken(retry, session.getAccessToken()));
    if (second.status === 401) {
      session.clear();
      onSessionExpired();
    }
    return second;
  },
  onError({ error, id }) {
    pendingRetries.delete(id);
    // A network failure becomes a problem response, so every caller handles one shape.
    const detail =
      error instanceof DOMException && error.name === "AbortError"
        ? "The request was cancelled."
        : "The server could not be reached. Check your connection and try again.";
    return new Response(
      JSON.stringify({ title: "Network error", status: 503, detail, code: "network_error" }),
      { status: 503, headers: { "Content-Type": "application/problem+json" } },
    );
  },
};

api.use(authMiddleware);
