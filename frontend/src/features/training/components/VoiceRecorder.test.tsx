import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { makeSession } from "@/test/training";

import type { Session } from "../api";
import type * as Capture from "../audio/capture";
import type { CaptureHandlers } from "../audio/capture";
import { VoiceRecorder } from "./VoiceRecorder";

// The microphone and the socket, both driven by the test.
const fakes = vi.hoisted(() => ({
  handlers: null as CaptureHandlers | null,
  refuse: null as Error | null,
  emitted: [] as { seq: number; reply: (err: Error | null, ack?: unknown) => void }[],
}));
vi.mock("../audio/capture", async (original) => ({
  ...(await original<typeof Capture>()),
  openMicrophone: async (handlers: CaptureHandlers) => {
    if (fakes.refuse) throw fakes.refuse;
    fakes.handlers = handlers;
    return { pause: async () => {}, resume: async () => {}, stop: async () => {} };
  },
}));
vi.mock("@/lib/socket", () => {
  const socket = {
    connected: true,
    timeout: () => socket,
    emit: (_event: string, payload: { seq: number }, reply: (err: Error | null) => void) =>
      fakes.emitted.push({ seq: payload.seq, reply }),
  };
  return {
    connectSocket: vi.fn(),
    disconnectSocket: vi.fn(),
    getSocket: () => socket,
    getSocketStatus: () => "live",
    onSocketStatus: () => () => {},
    onSocketEvent: () => () => {},
  };
});

const BASE = `/api/v1/sessions/${"s".repeat(32)}`;

function render(session: Session, onCompleted = vi.fn()) {
  fakes.handlers = null;
  fakes.emitted = [];
  const view = renderWithProviders(
    <VoiceRecorder session={session} metrics={null} fillerTotal={0} onCompleted={onCompleted} />,
    { user: makeUser() },
  );
  return { ...view, onCompleted };
}

async function speak(chunks: number) {
  await act(async () => {
    for (let i = 0; i < chunks; i++) fakes.handlers!.onChunk(new ArrayBuffer(8000));
  });
}

describe("VoiceRecorder", () => {
  it("says clearly when the microphone is refused, and records nothing", async () => {
    const { MicrophoneError } = await vi.importActual<typeof Capture>("../audio/capture");
    fakes.refuse = new MicrophoneError("denied", "Microphone access was refused. Allow it.");
    mockFetch([]);
    const { user } = render(makeSession());
    await user.click(screen.getByRole("button", { name: "Start recording" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Microphone access was refused");
    expect(screen.getByRole("button", { name: "Start recording" })).toBeEnabled();
    fakes.refuse = null;
  });

  it("streams chunks from the session's stored parts and completes only once all are stored", async () => {
    const done = makeSession({ status: "completed" });
    const net = mockFetch([{ method: "POST", path: `${BASE}/complete`, reply: { body: done } }]);
    const { user, onCompleted } = render(makeSession({ liveParts: 8, liveSeconds: 2 }));
    await user.click(screen.getByRole("button", { name: "Continue recording" }));
    await waitFor(() => expect(fakes.handlers).not.toBeNull());
    expect(screen.getByTestId("recorder-status")).toHaveAttribute("data-phase", "recording");
    await speak(3);
    expect(fakes.emitted.map((e) => e.seq)).toEqual([8, 9, 10]);
    expect(screen.getByTestId("recorder-status")).toHaveTextContent("0:02");

    fakes.emitted[0]!.reply(null, { ok: true, stored: 9, seconds: 2.25 });
    await user.click(screen.getByRole("button", { name: "Stop and analyse" }));
    // Two chunks are still in flight: the session is not completed yet.
    expect(await screen.findByText(/waiting to reach the server/)).toBeInTheDocument();
    expect(net.callsTo("POST", `${BASE}/complete`)).toHaveLength(0);
    await act(async () => {
      fakes.emitted[1]!.reply(null, { ok: true, stored: 10 });
      fakes.emitted[2]!.reply(null, { ok: true, stored: 11 });
    });
    await waitFor(() => expect(onCompleted).toHaveBeenCalledWith(done));
    expect(net.callsTo("POST", `${BASE}/complete`)).toHaveLength(1);
  });

  it("pauses the session on the server only after its audio is stored", async () => {
    const net = mockFetch([
      { method: "POST", path: `${BASE}/pause`, reply: { body: makeSession({ status: "paused" }) } },
      { method: "POST", path: `${BASE}/resume`, reply: { body: makeSession() } },
    ]);
    const { user } = render(makeSession());
    await user.click(screen.getByRole("button", { name: "Start recording" }));
    await waitFor(() => expect(fakes.handlers).not.toBeNull());
    await speak(1);
    await user.click(screen.getByRole("button", { name: "Pause" }));
    expect(net.callsTo("POST", `${BASE}/pause`)).toHaveLength(0);
    await act(async () => fakes.emitted[0]!.reply(null, { ok: true, stored: 1 }));
    await waitFor(() =>
      expect(screen.getByTestId("recorder-status")).toHaveAttribute("data-phase", "paused"),
    );
    expect(net.callsTo("POST", `${BASE}/pause`)).toHaveLength(1);
    await user.click(screen.getByRole("button", { name: "Resume" }));
    await waitFor(() =>
      expect(screen.getByTestId("recorder-status")).toHaveAttribute("data-phase", "recording"),
    );
    expect(net.callsTo("POST", `${BASE}/resume`)).toHaveLength(1);
  });

  it("shows the server's reason when nothing was recorded", async () => {
    mockFetch([
      {
        method: "POST",
        path: `${BASE}/complete`,
        reply: problem(400, "nothing_recorded", "Nothing was recorded."),
      },
    ]);
    const { user } = render(makeSession({ liveParts: 1, liveSeconds: 0.25 }));
    await user.click(screen.getByRole("button", { name: "Stop and analyse" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Nothing was recorded.");
  });

  it("offers an upload instead while nothing is recorded", async () => {
    const done = makeSession({ status: "completed", source: "upload" });
    const { user, onCompleted } = render(makeSession());
    const sent: FormData[] = [];
    // Uploads go through XMLHttpRequest (progress events): a minimal stand-in.
    class FakeXhr {
      status = 200;
      responseText = JSON.stringify(done);
      upload = { onprogress: null };
      onload: (() => void) | null = null;
      withCredentials = false;
      open() {}
      setRequestHeader() {}
      getResponseHeader() {
        return null;
      }
      send(body: FormData) {
        sent.push(body);
        setTimeout(() => this.onload?.(), 0);
      }
    }
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const file = new File([new Uint8Array(100)], "pitch.wav", { type: "audio/wav" });
    await user.upload(screen.getByLabelText("Recording to upload"), file);
    await waitFor(() => expect(onCompleted).toHaveBeenCalledWith(done));
    expect((sent[0]!.get("file") as File).name).toBe("pitch.wav");
  });
});
