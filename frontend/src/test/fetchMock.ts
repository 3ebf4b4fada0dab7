import { vi } from "vitest";

// A stand-in for the network at the fetch level: each route answers one method and path with a
// status and a JSON body (or a function of the request). A call no route expects fails the test.

export interface RecordedCall {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Reply = {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body sent as it is (e.g. NDJSON that arrives piece by piece) instead of `body` as JSON. */
  stream?: ReadableStream<Uint8Array>;
};
type Handler = Reply | ((call: RecordedCall) => Reply | Promise<Reply>);

export interface Route {
  method: string;
  path: string;
  reply: Handler;
  /** Answer only this many times (then the next matching route is used). */
  times?: number;
}

export function problem(status: number, code: string, detail: string, extra: object = {}): Reply {
  return {
    status,
    body: {
      type: `https://carsales.invalid/problems/${code}`,
      title: code,
      status,
      detail,
      code,
      ...extra,
    },
  };
}

export function mockFetch(routes: Route[]) {
  const calls: RecordedCall[] = [];
  const used = new Map<Route, number>();
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const call: RecordedCall = {
      method: request.method,
      path: url.pathname,
      search: url.searchParams,
      headers: request.headers,
      body,
    };
    calls.push(call);
    const route = routes.find(
      (candidate) =>
        candidate.method === call.method &&
        candidate.path === call.path &&
        (candidate.times === undefined || (used.get(candidate) ?? 0) < candidate.times),
    );
    if (!route) throw new Error(`Unexpected ${call.method} ${call.path}`);
    used.set(route, (used.get(route) ?? 0) + 1);
    const reply = typeof route.reply === "function" ? await route.reply(call) : route.reply;
    const status = reply.status ?? 200;
    const isProblem = status >= 400;
    if (reply.stream) return new Response(reply.stream, { status, headers: reply.headers });
    return new Response(
      reply.body === undefined || status === 204 ? null : JSON.stringify(reply.body),
      {
        status,
        headers: {
          "Content-Type": isProblem ? "application/problem+json" : "application/json",
          ...reply.headers,
        },
      },
    );
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    calls,
    fetchMock,
    callsTo: (method: string, path: string) =>
      calls.filter((c) => c.method === method && c.path === path),
  };
}
