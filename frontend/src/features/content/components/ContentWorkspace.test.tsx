import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { makeContent, makeVariant, makeVehicle } from "@/test/content";
import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { useContent, type ContentItem } from "../api";
import { ContentWorkspace } from "./ContentWorkspace";

/** The item as the page holds it: read over REST, replaced in the cache by every change. */
function Harness({ id }: { id: string }) {
  const query = useContent(id);
  return query.data ? <ContentWorkspace item={query.data} /> : null;
}

const vehicle = makeVehicle();
const variants = [
  makeVariant({ title: "First", text: "Meet the 2021 Toyota RAV4 XLE." }),
  makeVariant({ title: "Second", text: "Say hello to your RAV4." }),
];

function routes(item: ContentItem, state: { current: ContentItem }) {
  const base = `/api/v1/content/${item.id}`;
  return [
    { method: "GET", path: base, reply: () => ({ body: state.current }) },
    { method: "GET", path: `/api/v1/vehicles/${vehicle.id}`, reply: { body: vehicle } },
    {
      method: "GET",
      path: "/api/v1/dealerships/current",
      reply: { body: { id: "d", name: "Demo Motors" } },
    },
    { method: "POST", path: "/api/v1/content/lint", reply: { body: { findings: [] } } },
    {
      method: "PATCH",
      path: base,
      reply: (call: { body: unknown }) => {
        const body = call.body as { selectedVariant?: number; content?: { text: string } };
        const text =
          body.selectedVariant !== undefined
            ? variants[body.selectedVariant]!.text
            : body.content!.text;
        state.current = {
          ...state.current,
          revision: state.current.revision + 1,
          content: { ...state.current.content, text },
        };
        return { body: state.current };
      },
    },
    {
      method: "POST",
      path: `${base}/submit`,
      reply: () => {
        state.current = { ...state.current, status: "review" as const };
        return { body: state.current };
      },
    },
  ];
}

describe("ContentWorkspace", () => {
  it("swaps in the variant chosen, then saves edits before submitting them", async () => {
    const item = makeContent({
      vehicleId: vehicle.id,
      content: { ...makeContent().content, text: variants[0]!.text, variants },
    });
    const state = { current: item };
    const net = mockFetch(routes(item, state));
    const { user } = renderWithProviders(<Harness id={item.id} />, {
      user: makeUser({ id: item.ownerId! }),
    });
    const cards = await screen.findAllByTestId("variant");
    expect(cards[0]).toHaveAttribute("aria-current", "true");
    await user.click(within(cards[1]!).getByRole("button", { name: "Use variant 2" }));
    await waitFor(() => expect(net.callsTo("PATCH", `/api/v1/content/${item.id}`)).toHaveLength(1));
    expect(net.callsTo("PATCH", `/api/v1/content/${item.id}`)[0]!.body).toEqual({
      selectedVariant: 1,
    });
    // The server's copy comes back and the editor follows it.
    const editor = screen.getByRole("textbox", { name: "Text" });
    await waitFor(() => expect(editor).toHaveValue("Say hello to your RAV4."));
    expect(screen.getByTestId("social-preview")).toHaveTextContent("Say hello to your RAV4.");

    await user.type(editor, " Book a test drive.");
    expect(screen.getByTestId("social-preview")).toHaveTextContent("Book a test drive.");
    await user.click(screen.getByRole("button", { name: "Submit for review" }));
    await waitFor(() =>
      expect(net.callsTo("POST", `/api/v1/content/${item.id}/submit`)).toHaveLength(1),
    );
    const patches = net.callsTo("PATCH", `/api/v1/content/${item.id}`);
    expect(patches).toHaveLength(2);
    expect(patches[1]!.body).toEqual({
      content: { text: "Say hello to your RAV4. Book a test drive." },
    });
    // The edit was saved before the submit was sent.
    expect(net.calls.indexOf(patches[1]!)).toBeLessThan(
      net.calls.indexOf(net.callsTo("POST", `/api/v1/content/${item.id}/submit`)[0]!),
    );
    await waitFor(() =>
      expect(screen.getByTestId("content-status")).toHaveTextContent("In review"),
    );
    expect(screen.getByRole("textbox", { name: "Text" })).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Submit for review" })).not.toBeInTheDocument();
  });
});
