// The signed-in session, in memory only: the access token never touches localStorage or cookies
// (the refresh token is an HttpOnly cookie the browser sends to /api/v1/auth/refresh).
import type { User } from "@/lib/api/types";

export type SessionState =
  | { status: "loading"; accessToken: null; user: null }
  | { status: "anonymous"; accessToken: null; user: null; signedOut?: boolean }
  | { status: "authenticated"; accessToken: string; user: User };

type Listener = () => void;

// Not a secret, a hint: whether this browser signed in and has not signed out since, so that it
// may hold the HttpOnly refresh cookie (which scripts cannot see). Without it a page load does
// not ask the server to renew a session that cannot exist, and signed-out pages make no call
// that is answered 401 (the browser would log it as an error).
const SESSION_HINT_KEY = "carsales.signedIn";

function setSessionHint(signedIn: boolean) {
  try {
    if (signedIn) window.localStorage.setItem(SESSION_HINT_KEY, "1");
    else window.localStorage.removeItem(SESSION_HINT_KEY);
  } catch {
    // Storage can be unavailable (private modes, no window): the hint is only an optimisation.
  }
}

/** Whether renewing the session on page load can succeed; true when it cannot be known. */
export function mayHaveSession(): boolean {
  try {
    return window.localStorage.getItem(SESSION_HINT_KEY) !== null;
  } catch {
    return true;
  }
}

export function createSessionStore() {
  let state: SessionState = { status: "loading", accessToken: null, user: null };
  const listeners = new Set<Listener>();
  const set = (next: SessionState) => {
    state = next;
    listeners.forEach((listener) => listener());
  };
  return {
    getState: () => state,
    getAccessToken: () => state.accessToken,
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    signIn(accessToken: string, user: User) {
      setSessionHint(true);
      set({ status: "authenticated", accessToken, user });
    },
    updateUser(user: User) {
      if (state.status === "authenticated") set({ ...state, user });
    },
    /**
     * No session; `signedOut` tells a deliberate sign-out from an expired or missing one.
     * `unanswered`: the server was not reached (offline, or the request was cut off because the
     * page navigated away), so the refresh cookie may still be good and the next page load asks
     * again; forgetting the hint then would sign the user out on a mere navigation.
     */
    clear({
      signedOut = false,
      unanswered = false,
    }: { signedOut?: boolean; unanswered?: boolean } = {}) {
      if (!unanswered) setSessionHint(false);
      set({ status: "anonymous", accessToken: null, user: null, signedOut });
    },
    /** Back to "loading"; only tests need this. */
    reset() {
      set({ status: "loading", accessToken: null, user: null });
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

export const session = createSessionStore();
