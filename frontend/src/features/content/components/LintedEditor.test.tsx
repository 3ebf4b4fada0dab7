import { screen, waitFor, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import { mockFetch, type RecordedCall } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { LintedEditor } from "./LintedEditor";

const LINT = "/api/v1/content/lint";
const DISCLOSURE = "$2,000 down, 60 monthly payments, 4.9% APR, with approved credit.";

/** A stand-in for the linter: a payment amount without the other terms is a Reg Z error. */
function regZ(call: RecordedCall) {
  const { text } = call.body as { text: string };
  const match = /\$\d+\/mo/.exec(text);
  const disclosed = text.includes("APR");
  return {
    body: {
      findings:
        match && !disclosed
          ? [
              {
                category: "reg-z",
                rule: "reg-z-trigger",
                severity: "error",
                message: "A payment amount needs the down payment, the terms and the APR.",
                start: match.index,
                end: match.index + match[0].length,
                citation: "12 CFR 1026.24(d)",
                fix: DISCLOSURE,
              },
            ]
          : [],
    },
  };
}

function Editor({ initial = "" }: { initial?: string }) {
  const [text, setText] = useState(initial);
  return (
    <LintedEditor id="copy" label="Text" value={text} onChange={setText} channel="instagram" />
  );
}

describe("LintedEditor", () => {
  it("underlines a finding's span once the typing pauses, and lints once per pause", async () => {
    const net = mockFetch([{ method: "POST", path: LINT, reply: regZ }]);
    const { user, container } = renderWithProviders(<Editor />, { user: makeUser() });
    await user.type(screen.getByLabelText("Text"), "Drive it home for $299/mo. Hurry in!");

    const mark = await waitFor(() => {
      const found = container.querySelector("mark");
      expect(found).not.toBeNull();
      return found!;
    });
    expect(mark).toHaveTextContent("$299/mo");
    expect(mark).toHaveAttribute("data-severity", "error");
    // Typing quickly is one check, of the whole text, not one per keystroke.
    expect(net.callsTo("POST", LINT)).toHaveLength(1);
    expect(net.callsTo("POST", LINT)[0]!.body).toEqual({
      text: "Drive it home for $299/mo. Hurry in!",
      channel: "instagram",
    });
    const finding = screen.getByTestId("finding");
    expect(finding).toHaveAttribute("data-category", "reg-z");
    expect(finding).toHaveTextContent("A payment amount needs the down payment");
    expect(finding).toHaveTextContent("12 CFR 1026.24(d)");
    expect(screen.getByLabelText("Text")).toHaveAttribute("aria-invalid", "true");
  });

  it("inserts the disclosure after the triggering sentence, and the finding goes", async () => {
    const net = mockFetch([{ method: "POST", path: LINT, reply: regZ }]);
    const { user, container } = renderWithProviders(
      <Editor initial={"Only $299/mo for this SUV. Hurry in!\n#suv #deals"} />,
      { user: makeUser() },
    );
    const finding = await screen.findByTestId("finding");
    await user.click(within(finding).getByRole("button", { name: "Insert disclosure" }));

    expect(screen.getByLabelText("Text")).toHaveValue(
      `Only $299/mo for this SUV. ${DISCLOSURE} Hurry in!\n#suv #deals`,
    );
    expect(await screen.findByTestId("lint-clean")).toBeInTheDocument();
    expect(container.querySelector("mark")).toBeNull();
    expect(net.callsTo("POST", LINT)).toHaveLength(2);
  });

  it("hides stale underlines while a newer text waits for its check", async () => {
    mockFetch([{ method: "POST", path: LINT, reply: regZ }]);
    const { user, container } = renderWithProviders(<Editor initial="Just $199/mo" />, {
      user: makeUser(),
    });
    await waitFor(() => expect(container.querySelector("mark")).not.toBeNull());
    await user.type(screen.getByLabelText("Text"), "!");
    // The span belongs to the old text: it is not drawn until the new one is checked.
    expect(container.querySelector("mark")).toBeNull();
    expect(screen.getByText("Checking…")).toBeInTheDocument();
    await waitFor(() => expect(container.querySelector("mark")).toHaveTextContent("$199/mo"));
  });
});
