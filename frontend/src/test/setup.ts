import "@testing-library/jest-dom/vitest";

import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

import { session } from "@/lib/auth/session";

export const router = {
  push: vi.fn(),
  replace: vi.fn(),
  back: vi.fn(),
  forward: vi.fn(),
  refresh: vi.fn(),
  prefetch: vi.fn(),
};

vi.mock("next/navigation", () => ({
  useRouter: () => router,
  usePathname: () => "/",
  useSearchParams: () => new URLSearchParams(),
}));

// No real Socket.IO connections from component tests.
vi.mock("@/lib/socket", () => ({
  connectSocket: vi.fn(),
  disconnectSocket: vi.fn(),
  getSocket: () => null,
  getSocketStatus: () => "offline",
  onSocketStatus: () => () => {},
  onSocketReconnect: () => () => {},
  onSocketEvent: () => () => {},
}));

afterEach(() => {
  cleanup();
  session.reset();
  vi.unstubAllGlobals();
  Object.values(router).forEach((fn) => fn.mockReset());
  window.localStorage.clear();
  document.documentElement.className = "";
});
