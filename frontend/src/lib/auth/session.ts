// The signed-in session, in memory only: the access token never touches localStorage or cookies
// (the refresh token is an HttpOnly cookie the browser sends to /api/v1/auth/refresh).
import type { User } from "@/lib/api/types";

export type SessionState =
  | { status: "loading"; accessToken: null; user: null }
  | { status: "anonymous"; accessToken: null; user: null; signedOut?: boolean }
  | { status: "authenticated"; accessToken: string; user: User };

type Listener = () => void;

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
      set({ status: "authenticated", accessToken, user });
    },
    updateUser(user: User) {
      if (state.status === "authenticated") set({ ...state, user });
    },
    /** No session; `signedOut` tells a deliberate sign-out from an expired or missing one. */
    clear({ signedOut = false }: { signedOut?: boolean } = {}) {
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
