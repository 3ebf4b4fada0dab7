import { describe, expect, it, vi } from "vitest";

import { api, refreshSession, setSessionExpiredHandler } from "@/lib/api/client";
import { session } from "@/lib/auth/session";
import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";

const ME = "/api/v1/users/me";
const REFRESH = "/api/v1/auth/refresh";

describe("api client", () => {
  it("sends the access token from memory", async () => {
    const user = makeUser();
    session.signIn("tok-a", user);
    const net = mockFetch([{ method: "GET", path: ME, reply: { body: user } }]);
    const { data } = await api.GET(ME);
    expect(data).toEqual(user);
    expect(net.calls[0]?.headers.get("Authorization")).toBe("Bearer tok-a");
  });

  it("refreshes once on 401 and retries the call (with its body) with the new token", async () => {
    const user = makeUser();
    session.signIn("expired", user);
    const net = mockFetch([
      {
        method: "PATCH",
        path: ME,
        reply: (call) =>
          call.headers.get("Authorization") === "Bearer fresh"
            ? { body: { ...user, profile: { ...user.profile, phone: "123" } } }
            : problem(401, "unauthorized", "The access token has expired."),
      },
      {
        method: "POST",
        path: REFRESH,
        reply: { body: { accessToken: "fresh", tokenType: "bearer", expiresIn: 900, user } },
      },
    ]);
    const { data, error } = await api.PATCH(ME, { body: { profile: { phone: "123" } } });
    expect(error).toBeUndefined();
    expect(data?.profile.phone).toBe("123");
    expect(net.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `PATCH ${ME}`,
      `POST ${REFRESH}`,
      `PATCH ${ME}`,
    ]);
    expect(net.calls[2]?.body).toEqual({ profile: { phone: "123" } });
    expect(session.getAccessToken()).toBe("fresh");
  });

  it("shares one refresh between concurrent calls", async () => {
    const user = makeUser();
    session.signIn("expired", user);
    const net = mockFetch([
      {
        method: "GET",
        path: ME,
        reply: (call) =>
          call.headers.get("Authorization") === "Bearer fresh"
            ? { body: user }
            : problem(401, "unauthorized", "Expired."),
      },
      {
        method: "POST",
        path: REFRESH,
        reply: async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { body: { accessToken: "fresh", tokenType: "bearer", expiresIn: 900, user } };
        },
      },
    ]);
    const results = await Promise.all([api.GET(ME), api.GET(ME), api.GET(ME)]);
    expect(results.every((r) => r.data?.id === user.id)).toBe(true);
    expect(net.callsTo("POST", REFRESH)).toHaveLength(1);
  });

  it("clears the session and reports expiry when the refresh fails", async () => {
    session.signIn("expired", makeUser());
    const onExpired = vi.fn();
    setSessionExpiredHandler(onExpired);
    mockFetch([
      { method: "GET", path: ME, reply: problem(401, "unauthorized", "Expired.") },
      {
        method: "POST",
        path: REFRESH,
        reply: problem(401, "session_expired", "Your session has ended."),
      },
    ]);
    const { error, response } = await api.GET(ME);
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ code: "unauthorized" });
    expect(session.getState().status).toBe("anonymous");
    expect(onExpired).toHaveBeenCalledTimes(1);
    setSessionExpiredHandler(null);
  });

  it("turns a network failure into a problem the forms can show", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    const { error, response } = await api.GET(ME);
    expect(response.status).toBe(503);
    expect(error).toMatchObject({ code: "network_error" });
  });

  it("restores the session from the cookie", async () => {
    const user = makeUser();
    const net = mockFetch([
      {
        method: "POST",
        path: REFRESH,
        reply: { body: { accessToken: "restored", tokenType: "bearer", expiresIn: 900, user } },
      },
    ]);
    await expect(refreshSession()).resolves.toBe(true);
    expect(session.getState()).toMatchObject({
      status: "authenticated",
      accessToken: "restored",
      user,
    });
    expect(net.calls[0]?.headers.get("Authorization")).toBeNull();
  });
});
