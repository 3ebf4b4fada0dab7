"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from "react";

import { api, refreshSession, setSessionExpiredHandler } from "@/lib/api/client";
import type { User } from "@/lib/api/types";
import { loginPath } from "@/lib/auth/redirect";
import { mayHaveSession, session, type SessionState } from "@/lib/auth/session";
import { connectSocket, disconnectSocket } from "@/lib/socket";
import { applyTheme } from "@/lib/theme";

interface AuthContextValue {
  state: SessionState;
  signIn: (accessToken: string, user: User) => void;
  updateUser: (user: User) => void;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: React.ReactNode }) {
  const router = useRouter();
  const state = useSyncExternalStore(session.subscribe, session.getState, session.getState);

  useEffect(() => {
    // Restore the session from the HttpOnly refresh cookie on every page load, when there can
    // be one.
    if (session.getState().status !== "loading") return;
    if (mayHaveSession()) void refreshSession();
    else session.clear();
  }, []);

  useEffect(() => {
    setSessionExpiredHandler(() => {
      const here = window.location.pathname + window.location.search;
      router.replace(loginPath(here));
    });
    return () => setSessionExpiredHandler(null);
  }, [router]);

  // Cached data belongs to one user: drop it when someone else signs in or nobody is.
  const queryClient = useQueryClient();
  const userId = state.user?.id ?? null;
  const previousUserId = useRef(userId);
  useEffect(() => {
    if (previousUserId.current !== null && previousUserId.current !== userId) queryClient.clear();
    previousUserId.current = userId;
  }, [queryClient, userId]);

  const signedIn = state.status === "authenticated";
  const theme = state.user?.preferences.theme;
  useEffect(() => {
    if (signedIn) connectSocket();
    else disconnectSocket();
  }, [signedIn]);
  useEffect(() => {
    if (!theme) return;
    applyTheme(theme);
    if (theme !== "system" || !window.matchMedia) return;
    // "System" follows the device as it changes (e.g. at sunset), not only at load.
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyTheme("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [theme]);

  const logout = useCallback(async () => {
    try {
      await api.POST("/api/v1/auth/logout");
    } finally {
      session.clear({ signedOut: true });
      router.replace("/login/");
    }
  }, [router]);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      signIn: session.signIn,
      updateUser: session.updateUser,
      logout,
    }),
    [state, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}

/** The signed-in user; only for components rendered inside a protected page. */
export function useUser(): User {
  const { state } = useAuth();
  if (state.status !== "authenticated") throw new Error("useUser needs a signed-in user");
  return state.user;
}
