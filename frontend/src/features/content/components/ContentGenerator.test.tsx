import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { makeContent, makeVariant, makeVehicle } from "@/test/content";
import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { router } from "@/test/setup";

import { contentHref } from "../api";
import { ContentGenerator } from "./ContentGenerator";

/** An NDJSON body the test writes to line by line, or in pieces of a line. */
function ndjson() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    stream,
    write: (chunk: string) => controller.enqueue(encoder.encode(chunk)),
    line: (event: object) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`)),
    close: () => controller.close(),
  };
}

const vehicle = makeVehicle();
const finalVariants = ["Meet the 2021 RAV4 XLE.", "Say hello to your RAV4."].map((text) =>
  makeVariant({ text }),
);

describe("ContentGenerator", () => {
  it("shows each variant growing as it is written, the fallback notice, then saves what streamed", async () => {
    const body = ndjson();
    const created = makeContent({ vehicleId: vehicle.id });
    const net = mockFetch([
      {
        method: "GET",
        path: "/api/v1/vehicles",
        reply: { body: { items: [vehicle], total: 1, offset: 0, limit: 8 } },
      },
      {
        method: "GET",
        path: "/api/v1/content",
        reply: { body: { items: [], total: 0, offset: 0, limit: 10 } },
      },
      {
        method: "POST",
        path: "/api/v1/content/generate",
        reply: { stream: body.stream, headers: { "Content-Type": "application/x-ndjson" } },
      },
      { method: "POST", path: "/api/v1/content", reply: { status: 201, body: created } },
    ]);
    const { user } = renderWithProviders(<ContentGenerator />, { user: makeUser() });
    await user.click(await screen.findByRole("checkbox", { name: "2021 Toyota RAV4 XLE" }));
    await user.click(screen.getByRole("button", { name: "Generate 3 variants" }));
    await waitFor(() => expect(net.callsTo("POST", "/api/v1/content/generate")).toHaveLength(1));
    expect(net.callsTo("POST", "/api/v1/content/generate")[0]!.body).toMatchObject({
      vehicleId: vehicle.id,
      variants: 3,
      settings: { platform: "instagram" },
    });

    const card = (index: number) => screen.getAllByTestId("variant")[index];
    body.line({ variant: 0, delta: "Meet the " });
    await waitFor(() => expect(card(0)).toHaveTextContent("Meet the"));
    expect(screen.getByRole("list", { name: "Variants" })).toHaveAttribute("aria-busy", "true");
    // A line may arrive in pieces: nothing shows until it is whole.
    body.write('{"variant": 0, "delta": "2021 ');
    body.write('RAV4 XLE."}\n');
    await waitFor(() => expect(card(0)).toHaveTextContent("Meet the 2021 RAV4 XLE."));

    // A variant asked for again (its numbers did not check out) starts over in its card.
    body.line({ variant: 1, delta: "Only 9 left!" });
    await waitFor(() => expect(card(1)).toHaveTextContent("Only 9 left!"));
    body.line({ variant: 1, restart: true });
    await waitFor(() => expect(card(1)).not.toHaveTextContent("Only 9 left!"));
    body.line({ variant: 1, delta: "Say hello to your RAV4." });
    await waitFor(() => expect(card(1)).toHaveTextContent("Say hello to your RAV4."));
    expect(net.callsTo("POST", "/api/v1/content")).toHaveLength(0);

    const reason = "no complete answer in 30 s";
    body.line({ variants: finalVariants, engine: "composer", fallbackReason: reason });
    body.close();
    expect(
      await screen.findByText(
        `The writing model did not answer (${reason}): these drafts come from the built-in writer.`,
        { exact: false },
      ),
    ).toBeVisible();

    // The draft is made from what streamed, not written again.
    await waitFor(() => expect(net.callsTo("POST", "/api/v1/content")).toHaveLength(1));
    expect(net.callsTo("POST", "/api/v1/content")[0]!.body).toMatchObject({
      vehicleId: vehicle.id,
      generated: { variants: finalVariants, engine: "composer", fallbackReason: reason },
    });
    await waitFor(() => expect(router.push).toHaveBeenCalledWith(contentHref(created.id)));
  });
});
