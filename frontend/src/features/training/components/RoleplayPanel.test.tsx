import { act, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { makeUser } from "@/test/fixtures";
import { send } from "@/test/liveSocket";
import { renderWithProviders } from "@/test/render";
import { makeSession } from "@/test/training";

import type { Session } from "../api";
import { useRoleplay } from "../hooks/useRoleplay";
import type { Turn } from "../roleplay";
import type { TranscriptWord } from "../transcript";
import { RoleplayPanel } from "./RoleplayPanel";

// The socket: server events come from `send`; what the page emits is kept, to be answered.
const fakes = vi.hoisted(() => ({
  emitted: [] as {
    event: string;
    payload: unknown;
    reply: (err: Error | null, ack?: unknown) => void;
  }[],
}));
vi.mock("@/lib/socket", async () => {
  const live = await import("@/test/liveSocket");
  const socket = {
    connected: true,
    timeout: () => socket,
    emit: (event: string, payload: unknown, reply: (err: Error | null, ack?: unknown) => void) =>
      fakes.emitted.push({ event, payload, reply }),
  };
  return { ...live, getSocket: () => socket };
});

// The browser's voice, driven by the test: a line "plays" until `finishSpeaking`.
const spoken: { text: string; onend: (() => void) | null }[] = [];
async function finishSpeaking() {
  await act(async () => spoken.at(-1)?.onend?.());
}
beforeEach(() => {
  spoken.length = 0;
  fakes.emitted = [];
  vi.stubGlobal(
    "SpeechSynthesisUtterance",
    class {
      lang = "";
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(public text: string) {}
    },
  );
  vi.stubGlobal("speechSynthesis", {
    cancel: () => {},
    speak: (utterance: { text: string; onend: () => void }) => spoken.push(utterance),
  });
});
afterEach(() => vi.unstubAllGlobals());

const ID = "s".repeat(32);
const OPENING: Turn = {
  speaker: "customer",
  start: 0,
  end: 3,
  text: "It's more than I want to spend.",
  audioUrl: null,
  move: null,
  moves: [],
  objection: true,
  outcome: null,
};

function Live({ session, words }: { session: Session; words: TranscriptWord[] }) {
  const roleplay = useRoleplay(session, true);
  return <RoleplayPanel roleplay={roleplay} words={words} recording />;
}

function render(words: TranscriptWord[] = []) {
  const session = makeSession({ mode: "roleplay", turns: [OPENING], scenarioId: "price" });
  return renderWithProviders(<Live session={session} words={words} />, { user: makeUser() });
}

const reply = (turn: number, text: string, more: object = {}) =>
  send("training.customer", {
    sessionId: ID,
    turn,
    text,
    audioUrl: null,
    durationS: 2,
    start: 6,
    final: false,
    outcome: null,
    ...more,
  });

describe("RoleplayPanel", () => {
  it("lets the customer speak first, with the microphone paused, then gives the salesperson the turn", async () => {
    render([
      { word: "Which", start: 4, end: 4.3 },
      { word: "dealer?", start: 4.4, end: 4.8 },
    ]);
    const status = screen.getByTestId("turn-status");
    expect(status).toHaveAttribute("data-turn", "customer");
    expect(status).toHaveTextContent("your microphone is paused");
    expect(spoken.map((line) => line.text)).toEqual(["It's more than I want to spend."]);
    expect(screen.getByRole("button", { name: "Done speaking" })).toBeDisabled();

    await finishSpeaking();
    expect(status).toHaveAttribute("data-turn", "salesperson");
    const turns = within(screen.getByRole("list", { name: "Turns" })).getAllByTestId("turn");
    expect(turns.map((turn) => [turn.dataset.speaker, turn.textContent])).toEqual([
      ["customer", expect.stringContaining("more than I want to spend")],
      ["salesperson", expect.stringContaining("Which dealer?")],
    ]);
    expect(turns[0]).toHaveAttribute("data-objection", "true");
  });

  it("ends the turn on Done speaking, then shows, says and announces the reply", async () => {
    const { user } = render();
    await finishSpeaking();
    await user.click(screen.getByRole("button", { name: "Done speaking" }));
    expect(fakes.emitted).toMatchObject([
      { event: "training.turn_end", payload: { sessionId: ID } },
    ]);
    act(() => fakes.emitted[0]!.reply(null, { ok: true, message: null }));
    expect(screen.getByTestId("turn-status")).toHaveAttribute("data-turn", "waiting");

    await reply(2, "Which one? The one across town.");
    await reply(2, "Which one? The one across town."); // sent again after a reconnect
    expect(screen.getByTestId("turn-status")).toHaveAttribute("data-turn", "customer");
    expect(spoken.map((line) => line.text)).toEqual([
      "It's more than I want to spend.",
      "Which one? The one across town.",
    ]);
    expect(screen.getByTestId("customer-says")).toHaveTextContent(
      "The customer says: Which one? The one across town.",
    );
    expect(screen.getAllByTestId("turn")).toHaveLength(2);
  });

  it("says why the turn could not be ended", async () => {
    const { user } = render();
    await finishSpeaking();
    await user.click(screen.getByRole("button", { name: "Done speaking" }));
    act(() => fakes.emitted[0]!.reply(null, { ok: false, message: "The customer has the turn." }));
    expect(screen.getByText("The customer has the turn.")).toBeInTheDocument();
    expect(screen.getByTestId("turn-status")).toHaveAttribute("data-turn", "salesperson");
  });

  it("shows clearly how the conversation ended", async () => {
    render();
    await finishSpeaking();
    await reply(2, "Forget it. I'm going to the other dealer.", {
      final: true,
      outcome: "walked_away",
    });
    expect(screen.getByText("The customer walked away")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Done speaking" })).not.toBeInTheDocument();
  });
});
