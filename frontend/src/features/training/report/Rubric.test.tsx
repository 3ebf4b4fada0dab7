import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "@/test/render";
import { makeSession } from "@/test/training";

import { Rubric } from "./Rubric";

type RubricItem = ReturnType<typeof makeSession>["rubric"][number];

const item = (overrides: Partial<RubricItem> & Pick<RubricItem, "id" | "label">): RubricItem => ({
  passed: false,
  evidence: null,
  timestamp: null,
  similarity: null,
  reason: null,
  modelAnswer: null,
  judge: "offline",
  fallbackReason: null,
  ...overrides,
});

describe("Rubric", () => {
  it("marks the items the language model decided, and only those", () => {
    const session = makeSession({
      status: "completed",
      rubric: [
        item({
          id: "ask",
          label: "Ask for the business",
          passed: true,
          evidence: "Shall we work up the numbers and get you started",
          judge: "llm",
        }),
        item({
          id: "respond",
          label: "Respond with value",
          reason: "Nothing in the answer does this.",
          fallbackReason:
            'the model\'s quote "Our price includes the tow package" is not in the transcript',
        }),
      ],
    });

    renderWithProviders(<Rubric session={session} />);

    const [ask, respond] = screen.getAllByTestId("rubric-item") as [HTMLElement, HTMLElement];
    expect(within(ask).getByText("Judged by the language model")).toBeInTheDocument();
    expect(within(ask).getByText(/Shall we work up the numbers/)).toBeInTheDocument();
    expect(within(respond).queryByText("Judged by the language model")).toBeNull();
    expect(within(respond).getByText("Nothing in the answer does this.")).toBeInTheDocument();
  });
});
