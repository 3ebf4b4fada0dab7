import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { makeContent, makeFinding } from "@/test/content";
import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { ReviewActions } from "./ReviewActions";

const manager = makeUser({ role: "manager" });
const item = makeContent({ status: "review" });
const base = `/api/v1/content/${item.id}`;

describe("ReviewActions", () => {
  it("publishes an item in review", async () => {
    const net = mockFetch([
      {
        method: "POST",
        path: `${base}/publish`,
        reply: { body: { ...item, status: "published" } },
      },
    ]);
    const onDone = vi.fn();
    const { user } = renderWithProviders(<ReviewActions item={item} onDone={onDone} />, {
      user: manager,
    });
    await user.click(screen.getByRole("button", { name: "Publish" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(onDone.mock.calls[0]![0]).toMatchObject({ id: item.id, status: "published" });
    expect(net.callsTo("POST", `${base}/publish`)).toHaveLength(1);
    expect(
      await screen.findByText(/Published: the card and the text are ready/),
    ).toBeInTheDocument();
  });

  it("shows the findings that block publishing", async () => {
    const blocking = makeFinding({ message: "Say the APR next to the payment." });
    mockFetch([
      {
        method: "POST",
        path: `${base}/publish`,
        reply: problem(409, "content_has_errors", "Fix the compliance errors before publishing.", {
          findings: [blocking],
        }),
      },
    ]);
    const onDone = vi.fn();
    const { user } = renderWithProviders(<ReviewActions item={item} onDone={onDone} />, {
      user: manager,
    });
    await user.click(screen.getByRole("button", { name: "Publish" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Fix the compliance errors before publishing.",
    );
    expect(screen.getByTestId("finding")).toHaveTextContent("Say the APR next to the payment.");
    expect(onDone).not.toHaveBeenCalled();
  });

  it("sends an item back only with a comment", async () => {
    const net = mockFetch([
      {
        method: "POST",
        path: `${base}/reject`,
        reply: (call) => ({
          body: {
            ...item,
            status: "draft",
            reviewComment: (call.body as { comment: string }).comment,
          },
        }),
      },
    ]);
    const onDone = vi.fn();
    const { user } = renderWithProviders(<ReviewActions item={item} onDone={onDone} />, {
      user: manager,
    });
    expect(screen.queryByRole("button", { name: /reject/i })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Send back…" }));
    await user.click(screen.getByRole("button", { name: "Send back" }));
    expect(screen.getByText("Say what the author should change.")).toBeInTheDocument();
    expect(net.callsTo("POST", `${base}/reject`)).toHaveLength(0);

    await user.type(screen.getByLabelText("Comment for the author"), "  Lead with the mpg.  ");
    await user.click(screen.getByRole("button", { name: "Send back" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(net.callsTo("POST", `${base}/reject`)[0]!.body).toEqual({
      comment: "Lead with the mpg.",
    });
    expect(onDone.mock.calls[0]![0]).toMatchObject({
      status: "draft",
      reviewComment: "Lead with the mpg.",
    });
  });

  it("offers nothing to a salesperson, or on a draft", () => {
    mockFetch([]);
    const { unmount } = renderWithProviders(<ReviewActions item={item} />, { user: makeUser() });
    expect(screen.queryByRole("button", { name: "Publish" })).not.toBeInTheDocument();
    unmount();
    renderWithProviders(<ReviewActions item={{ ...item, status: "draft" }} />, { user: manager });
    expect(screen.queryByRole("button", { name: "Publish" })).not.toBeInTheDocument();
  });
});
