import { beforeEach, describe, expect, it, vi } from "vitest";

import { postForm } from "@/lib/api/upload";
import { session } from "@/lib/auth/session";
import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** XMLHttpRequest as far as postForm uses it: replies are queued by the test. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  static replies: (Reply | "network")[] = [];
  upload: { onprogress: ((event: Partial<ProgressEvent>) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  withCredentials = false;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = "";
  private reply: Reply | null = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return this.reply?.headers?.[name] ?? null;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.sent.push(this);
    const reply = FakeXhr.replies.shift() ?? "network";
    queueMicrotask(() => {
      if (reply === "network") {
        this.onerror?.();
        return;
      }
      this.upload.onprogress?.({ lengthComputable: true, loaded: 60, total: 120 });
      this.upload.onprogress?.({ lengthComputable: true, loaded: 120, total: 120 });
      this.reply = reply;
      this.status = reply.status;
      this.responseText = reply.body === undefined ? "" : JSON.stringify(reply.body);
      this.onload?.();
    });
  }
  abort() {
    this.onabort?.();
  }
}

beforeEach(() => {
  FakeXhr.sent = [];
  FakeXhr.replies = [];
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
});

describe("postForm", () => {
  it("sends the form with the access token and reports the bytes sent", async () => {
    session.signIn("tok-1", makeUser());
    FakeXhr.replies.push({ status: 201, body: { id: "job1" } });
    const body = new FormData();
    body.append("jobType", "full_pipeline");
    const progress = vi.fn();
    const outcome = await postForm("/api/v1/jobs", body, { onProgress: progress });
    expect(outcome).toEqual({ ok: true, status: 201, data: { id: "job1" } });
    expect(FakeXhr.sent[0]).toMatchObject({ method: "POST", url: "/api/v1/jobs", body });
    expect(FakeXhr.sent[0]?.headers.Authorization).toBe("Bearer tok-1");
    expect(progress).toHaveBeenLastCalledWith({ loaded: 120, total: 120 });
  });

  it("refreshes an expired token once and sends the form again", async () => {
    const user = makeUser();
    session.signIn("old", user);
    mockFetch([
      {
        method: "POST",
        path: "/api/v1/auth/refresh",
        reply: { body: { accessToken: "new", tokenType: "bearer", expiresIn: 900, user } },
      },
    ]);
    FakeXhr.replies.push(
      { status: 401, body: { status: 401, code: "unauthorized", detail: "Expired." } },
      { status: 201, body: { id: "job2" } },
    );
    const outcome = await postForm("/api/v1/jobs", new FormData());
    expect(outcome.ok).toBe(true);
    expect(FakeXhr.sent.map((xhr) => xhr.headers.Authorization)).toEqual([
      "Bearer old",
      "Bearer new",
    ]);
  });

  it("turns a problem into the message to show, and a network failure too", async () => {
    session.signIn("tok", makeUser());
    FakeXhr.replies.push(
      {
        status: 400,
        body: {
          status: 400,
          code: "invalid_settings",
          detail: "background: background must be transparent, white, studio or #RRGGBB",
        },
      },
      "network",
    );
    const refused = await postForm("/api/v1/jobs", new FormData());
    expect(refused).toMatchObject({
      ok: false,
      status: 400,
      message: "background: background must be transparent, white, studio or #RRGGBB",
      problem: { code: "invalid_settings" },
    });
    const offline = await postForm("/api/v1/jobs", new FormData());
    expect(offline).toMatchObject({
      ok: false,
      status: 0,
      message: expect.stringMatching(/reached/),
    });
  });
});
