import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { AuthProvider } from "@/lib/auth/AuthProvider";
import { session } from "@/lib/auth/session";
import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";

const REFRESH = "/api/v1/auth/refresh";

/** A page load: nothing in memory, whatever the browser kept. */
function loadPage() {
  cleanup();
  session.reset();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <AuthProvider>
        <p>page</p>
      </AuthProvider>
    </QueryClientProvider>,
  );
}

describe("restoring the session on page load", () => {
  it("does not call the server from a browser that never signed in", async () => {
    const api = mockFetch([{ method: "POST", path: REFRESH, reply: { status: 401, body: {} } }]);
    loadPage();
    await waitFor(() => expect(session.getState().status).toBe("anonymous"));
    expect(api.callsTo("POST", REFRESH)).toHaveLength(0);
  });

  it("renews the session of a browser that signed in, until it signs out", async () => {
    const user = makeUser();
    const api = mockFetch([
      {
        method: "POST",
        path: REFRESH,
        reply: { body: { accessToken: "tok-2", expiresIn: 900, user } },
      },
    ]);
    session.signIn("tok-1", user);
    loadPage();
    await waitFor(() => expect(session.getState().accessToken).toBe("tok-2"));
    expect(api.callsTo("POST", REFRESH)).toHaveLength(1);

    session.clear({ signedOut: true });
    loadPage();
    await waitFor(() => expect(session.getState().status).toBe("anonymous"));
    expect(api.callsTo("POST", REFRESH)).toHaveLength(1);
  });

  it("keeps trying on the next load when the renewal never reached the server", async () => {
    // A navigation cuts off the renewal the previous page started: the browser still holds the
    // refresh cookie, so the next page must ask again rather than show the sign-in page.
    const user = makeUser();
    let reachable = false;
    const api = mockFetch([
      {
        method: "POST",
        path: REFRESH,
        reply: () => {
          if (!reachable) throw new TypeError("Failed to fetch");
          return { body: { accessToken: "tok-3", expiresIn: 900, user } };
        },
      },
    ]);
    session.signIn("tok-1", user);
    loadPage();
    await waitFor(() => expect(session.getState().status).toBe("anonymous"));

    reachable = true;
    loadPage();
    await waitFor(() => expect(session.getState().accessToken).toBe("tok-3"));
    expect(api.callsTo("POST", REFRESH)).toHaveLength(2);
  });
});
