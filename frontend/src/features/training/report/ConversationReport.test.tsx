import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { Turn } from "../roleplay";
import { ConversationReport } from "./ConversationReport";

const turn = (overrides: Partial<Turn> & Pick<Turn, "speaker" | "start" | "end" | "text">) => ({
  audioUrl: null,
  move: null,
  moves: [],
  objection: null,
  outcome: null,
  ...overrides,
});

const TURNS: Turn[] = [
  turn({
    speaker: "customer",
    start: 0,
    end: 3,
    text: "Two grand less across town.",
    objection: true,
  }),
  turn({ speaker: "salesperson", start: 3.2, end: 6, text: "Sign here.", moves: ["pushed"] }),
  turn({
    speaker: "customer",
    start: 7,
    end: 9,
    text: "I'm going to the other dealer.",
    outcome: "walked_away",
  }),
];

describe("ConversationReport", () => {
  it("shows how it ended, the measures, the objection and the quick retort", async () => {
    const onSeek = vi.fn();
    render(<ConversationReport turns={TURNS} talkRatio={0.82} patienceS={0.2} onSeek={onSeek} />);

    expect(screen.getByText("The customer walked away")).toBeInTheDocument();
    const measures = screen.getByTestId("conversation-measures");
    expect(measures).toHaveTextContent("82 %");
    expect(measures).toHaveTextContent("the customer had little room");
    expect(measures).toHaveTextContent("0.2 s");
    expect(measures).toHaveTextContent("ready-made retort");

    const turns = within(screen.getByRole("list", { name: "Turns" })).getAllByTestId("turn");
    expect(turns.map((each) => each.dataset.speaker)).toEqual([
      "customer",
      "salesperson",
      "customer",
    ]);
    expect(turns[0]).toHaveAttribute("data-objection", "true");
    expect(within(turns[1]!).getByText("Paused 0.2 s")).toBeInTheDocument();
    expect(within(turns[1]!).getByRole("list", { name: "What you did" })).toHaveTextContent(
      "pushed",
    );

    await userEvent.click(within(turns[1]!).getByRole("button", { name: "Play from 0:03" }));
    expect(onSeek).toHaveBeenCalledWith(3.2);
  });

  it("says when the session was stopped before the customer decided", () => {
    render(<ConversationReport turns={TURNS.slice(0, 2)} talkRatio={null} patienceS={null} />);
    expect(screen.getByText("The session ended before the customer decided")).toBeInTheDocument();
    expect(screen.getByTestId("conversation-measures")).toHaveTextContent(
      "No objection was answered",
    );
  });
});
