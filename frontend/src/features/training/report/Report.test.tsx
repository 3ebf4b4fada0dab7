import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { makeSession } from "@/test/training";

import { Report } from "./Report";

const ID = "s".repeat(32);
const COMMENTS = `/api/v1/sessions/${ID}/comments`;

const word = (text: string, start: number) => ({
  word: text,
  start,
  end: start + 0.4,
  probability: 0.9,
  filler: null,
  hedge: false,
  recovered: false,
});

// Two paragraphs: a pause of more than two seconds after "today" starts the second one.
const session = makeSession({
  id: ID,
  status: "completed",
  hasAudio: true,
  durationS: 20,
  words: [
    word("Thanks", 0.5),
    word("for", 1),
    word("coming", 1.5),
    word("today.", 2),
    word("The", 6),
    word("price", 6.5),
    word("is", 7),
    word("fair.", 7.5),
  ],
});

function comment(overrides: { id: string; atS: number; body: string; canDelete?: boolean }) {
  return {
    sessionId: ID,
    authorId: "m".repeat(32),
    authorName: "Morgan Manager",
    createdAt: "2026-12-04T10:00:00Z",
    canDelete: false,
    ...overrides,
  };
}

function render(comments: ReturnType<typeof comment>[], role: "manager" | "salesperson") {
  const network = mockFetch([
    { method: "GET", path: `/api/v1/sessions/${ID}/audio`, reply: { body: "RIFF" } },
    {
      method: "GET",
      path: COMMENTS,
      reply: { body: { items: comments, total: comments.length, offset: 0, limit: 100 } },
    },
    {
      method: "POST",
      path: COMMENTS,
      reply: (call) => ({
        status: 201,
        body: comment({ id: "new", ...(call.body as { atS: number; body: string }) }),
      }),
    },
    { method: "DELETE", path: `${COMMENTS}/c1`, reply: { status: 204 } },
  ]);
  const view = renderWithProviders(<Report session={session} mine={role === "salesperson"} />, {
    user: makeUser({ role }),
  });
  return { ...view, network };
}

/** The player once the recording has loaded (an object URL made from the fetched blob). */
async function player() {
  const audio = screen.getByLabelText<HTMLAudioElement>("Recording of the session");
  await waitFor(() => expect(audio).toHaveAttribute("src", "blob:recording"));
  return audio;
}

beforeEach(() => {
  URL.createObjectURL = vi.fn(() => "blob:recording");
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLMediaElement.prototype, "play").mockResolvedValue(undefined);
});

describe("the report's recording, transcript and comments", () => {
  it("shows each comment under the paragraph it is about and as a marker on the timeline", async () => {
    render(
      [
        comment({ id: "c1", atS: 1.2, body: "Smile as you greet." }),
        comment({ id: "c2", atS: 6.6, body: "Pause after the price." }),
      ],
      "salesperson",
    );
    await player();
    const transcript = screen.getByTestId("transcript");
    const notes = await within(transcript).findAllByTestId("transcript-comment");
    expect(notes).toHaveLength(2);
    // Each note follows its paragraph: the greeting's in the first, the price's in the second.
    const [first, second] = within(transcript).getAllByText(/today\.|fair\./);
    expect(first!.closest(".flex")).toContainElement(notes[0]!);
    expect(first!.closest(".flex")).not.toContainElement(notes[1]!);
    expect(second!.closest(".flex")).toContainElement(notes[1]!);
    expect(notes[1]).toHaveTextContent("Morgan Manager: Pause after the price.");

    const markers = screen.getAllByTestId("timeline-marker");
    expect(markers.map((marker) => marker.getAttribute("aria-label"))).toEqual([
      "Comment at 0:01: Smile as you greet.",
      "Comment at 0:06: Pause after the price.",
    ]);
    expect(markers[1]).toHaveStyle({ left: "33%" });
    // The owner may reply, and may not delete the coach's comment.
    expect(screen.getByRole("button", { name: /Reply at 0:00/ })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
  });

  it("plays from a clicked word, highlights the word being played and seeks from a marker", async () => {
    const { user } = render([comment({ id: "c2", atS: 6.6, body: "Pause here." })], "manager");
    const audio = await player();
    await user.click(screen.getByText("price"));
    expect(audio.currentTime).toBe(6.5);
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalled();
    expect(screen.getByText("price")).toHaveAttribute("aria-current", "time");
    expect(screen.getByText("Thanks")).not.toHaveAttribute("aria-current");

    audio.currentTime = 1.1;
    fireEvent.timeUpdate(audio);
    expect(screen.getByText("for")).toHaveAttribute("aria-current", "time");
    expect(screen.getByText("price")).not.toHaveAttribute("aria-current");

    await user.click(await screen.findByRole("button", { name: /^Comment at 0:06/ }));
    expect(audio.currentTime).toBe(6.6);
  });

  it("lets a manager comment at the moment the player is at", async () => {
    const { user, network } = render([], "manager");
    const audio = await player();
    expect(await screen.findByText("No comments yet.")).toBeInTheDocument();
    audio.currentTime = 92.34;
    fireEvent.timeUpdate(audio);
    await user.type(screen.getByLabelText("Your comment"), "  Pause after the price objection. ");
    await user.click(screen.getByRole("button", { name: "Comment at 1:32" }));
    await waitFor(() => expect(network.callsTo("POST", COMMENTS)).toHaveLength(1));
    expect(network.callsTo("POST", COMMENTS)[0]!.body).toEqual({
      atS: 92.34,
      body: "Pause after the price objection.",
    });
    // The list is fetched again, and the box is emptied for the next one.
    await waitFor(() => expect(network.callsTo("GET", COMMENTS)).toHaveLength(2));
    expect(screen.getByLabelText("Your comment")).toHaveValue("");
  });

  it("deletes a comment its author may delete", async () => {
    const { user, network } = render(
      [comment({ id: "c1", atS: 2, body: "Slow down.", canDelete: true })],
      "manager",
    );
    const list = await screen.findByRole("list", { name: "Comments" });
    await user.click(within(list).getByRole("button", { name: "Delete" }));
    await user.click(within(list).getByRole("button", { name: "Delete comment" }));
    await waitFor(() => expect(network.callsTo("DELETE", `${COMMENTS}/c1`)).toHaveLength(1));
  });
});
