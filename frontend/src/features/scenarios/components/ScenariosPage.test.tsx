import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { makeScenario } from "@/test/training";

import type { Scenario, TryResult } from "../api";
import { ScenariosPage } from "./ScenariosPage";

const SCENARIOS = "/api/v1/training/scenarios";
const CUSTOM_ID = "c".repeat(32);

const PRICE = makeScenario({
  id: "objection-price",
  title: "Price objection",
  sessionType: "objection",
  persona: "Mark, a careful buyer",
  customerLines: ["I saw it cheaper online."],
  rubric: [
    {
      id: "acknowledge",
      label: "Acknowledge the concern",
      phrases: ["i understand"],
      exemplars: { pass: ["I understand, nobody wants to overpay."], fail: ["Price is price."] },
    },
  ],
});
const TRADE_IN = makeScenario({
  id: CUSTOM_ID,
  builtin: false,
  title: "Trade-in too low",
  sessionType: "objection",
  passMark: 80,
  rubric: [{ id: "market", label: "Show the market data", phrases: ["auction"], exemplars: null }],
});

const VERDICT: TryResult = {
  overall: 50,
  passed: false,
  rubric: [
    {
      id: "acknowledge",
      label: "Acknowledge the concern",
      passed: true,
      evidence: "I understand how you feel",
      timestamp: null,
      similarity: 0.81,
      reason: "Close in meaning to an answer that passes.",
      modelAnswer: null,
      judge: "offline",
      fallbackReason: null,
    },
    {
      id: "ask",
      label: "Ask for the sale",
      passed: false,
      evidence: null,
      timestamp: null,
      similarity: null,
      reason: "Nothing said comes close to an answer that passes.",
      modelAnswer: "Would you take it home today?",
      judge: "offline",
      fallbackReason: null,
    },
  ],
  judgement: {
    overall: 50,
    passed: false,
    passMark: 80,
    content: 50,
    delivery: null,
    relevance: 1,
    offTopic: false,
    weights: { content: 0.7, delivery: 0.3 },
    reasons: ["1 of 2 rubric items passed."],
    moves: [],
    judge: "offline",
    fallbackReason: null,
  },
};

function render() {
  const network = mockFetch([
    { method: "GET", path: SCENARIOS, reply: { body: [PRICE, TRADE_IN] } },
    {
      method: "POST",
      path: SCENARIOS,
      reply: (call) => ({
        status: 201,
        body: { ...makeScenario(call.body as Scenario), id: "n".repeat(32), builtin: false },
      }),
    },
    {
      method: "PATCH",
      path: `${SCENARIOS}/${CUSTOM_ID}`,
      reply: (call) => ({ body: { ...TRADE_IN, ...(call.body as Partial<Scenario>) } }),
    },
    { method: "POST", path: `${SCENARIOS}/${CUSTOM_ID}/try`, reply: { body: VERDICT } },
    {
      method: "POST",
      path: `${SCENARIOS}/objection-price/try`,
      reply: problem(429, "rate_limited", "Too many requests; try again later.", {
        retryAfter: 30,
      }),
    },
  ]);
  const view = renderWithProviders(<ScenariosPage />, { user: makeUser({ role: "manager" }) });
  return { ...view, network };
}

describe("ScenariosPage", () => {
  it("writes a scenario with exemplar answers and a pass mark, then offers to try it", async () => {
    const { user, network } = render();
    await user.click(await screen.findByRole("button", { name: "New scenario" }));
    const form = screen.getByRole("form", { name: "New scenario" });
    await user.type(within(form).getByLabelText("Title"), "Payment too high");
    await user.selectOptions(within(form).getByLabelText("Type"), "Closing");
    const mark = within(form).getByLabelText("Pass mark");
    await user.clear(mark);
    await user.type(mark, "85");
    await user.type(within(form).getByLabelText("Customer (persona)"), "Priya, on a budget");
    await user.type(
      within(form).getByLabelText("Customer lines"),
      "That's more a month than I wanted.{enter}{enter}Can you do better?",
    );
    const item = within(form).getByTestId("rubric-item");
    await user.type(
      within(item).getByLabelText("What the salesperson should do"),
      "Ask the budget",
    );
    await user.type(within(item).getByLabelText("Phrases"), "what payment{enter}budget");
    await user.type(
      within(item).getByLabelText("Answers that pass"),
      "What monthly payment would feel comfortable?",
    );
    await user.type(within(item).getByLabelText("Answers that fail"), "It is what it is.");
    await user.click(within(form).getByRole("button", { name: "Add an item" }));
    expect(within(form).getAllByTestId("rubric-item")).toHaveLength(2);
    await user.click(within(form).getByRole("button", { name: "Remove item 2" }));
    await user.click(within(form).getByRole("button", { name: "Create scenario" }));

    await waitFor(() => expect(network.callsTo("POST", SCENARIOS)).toHaveLength(1));
    expect(network.callsTo("POST", SCENARIOS)[0]!.body).toEqual({
      sessionType: "closing",
      title: "Payment too high",
      persona: "Priya, on a budget",
      situation: "",
      vehicle: "",
      customerLines: ["That's more a month than I wanted.", "Can you do better?"],
      passMark: 85,
      rubric: [
        {
          label: "Ask the budget",
          phrases: ["what payment", "budget"],
          exemplars: {
            pass: ["What monthly payment would feel comfortable?"],
            fail: ["It is what it is."],
          },
        },
      ],
    });
    expect(await screen.findByText("“Payment too high” is ready to practise.")).toBeInTheDocument();
    // Saved: it is now edited in place, and can be tried.
    expect(await screen.findByRole("form", { name: "Edit Payment too high" })).toBeInTheDocument();
    expect(screen.getByRole("form", { name: "Try it" })).toBeInTheDocument();
  });

  it("edits a scenario of the dealership's and shows the judge's verdict on a typed answer", async () => {
    const { user, network } = render();
    await user.click(await screen.findByRole("button", { name: "Edit Trade-in too low" }));
    const form = screen.getByRole("form", { name: "Edit Trade-in too low" });
    expect(within(form).getByLabelText("Pass mark")).toHaveValue(80);
    expect(within(form).getByLabelText("Phrases")).toHaveValue("auction");
    const mark = within(form).getByLabelText("Pass mark");
    await user.clear(mark);
    await user.type(mark, "75");
    await user.click(within(form).getByRole("button", { name: "Save changes" }));
    await waitFor(() =>
      expect(network.callsTo("PATCH", `${SCENARIOS}/${CUSTOM_ID}`)).toHaveLength(1),
    );
    const body = network.callsTo("PATCH", `${SCENARIOS}/${CUSTOM_ID}`)[0]!.body as Scenario;
    expect(body.passMark).toBe(75);
    // The item keeps its id, so past sessions' results line up with new ones.
    expect(body.rubric).toEqual([
      { id: "market", label: "Show the market data", phrases: ["auction"] },
    ]);

    const trial = screen.getByRole("form", { name: "Try it" });
    await user.type(
      within(trial).getByLabelText("An answer, as a salesperson would say it"),
      "I understand how you feel.",
    );
    await user.click(within(trial).getByRole("button", { name: "Judge it" }));
    const verdict = await screen.findByTestId("verdict");
    expect(network.callsTo("POST", `${SCENARIOS}/${CUSTOM_ID}/try`)[0]!.body).toEqual({
      answer: "I understand how you feel.",
    });
    expect(within(verdict).getByText("Does not pass")).toBeInTheDocument();
    expect(verdict).toHaveTextContent("Overall 50 against a pass mark of 80.");
    expect(within(verdict).getByText("“I understand how you feel”")).toBeInTheDocument();
    expect(within(verdict).getByText("Try: “Would you take it home today?”")).toBeInTheDocument();
    expect(within(verdict).getByText("1 of 2 rubric items passed.")).toBeInTheDocument();
  });

  it("copies a built-in scenario to edit, and says when the judge asks to wait", async () => {
    const { user } = render();
    await user.click(await screen.findByRole("button", { name: "Copy to edit: Price objection" }));
    const form = screen.getByRole("form", { name: "New scenario" });
    expect(within(form).getByLabelText("Title")).toHaveValue("Price objection (our version)");
    expect(within(form).getByLabelText("Answers that pass")).toHaveValue(
      "I understand, nobody wants to overpay.",
    );
    expect(within(form).getByLabelText("Customer lines")).toHaveValue("I saw it cheaper online.");

    await user.click(screen.getByRole("button", { name: "Try it: Price objection" }));
    expect(screen.queryByRole("form", { name: "New scenario" })).not.toBeInTheDocument();
    const trial = screen.getByRole("form", { name: "Try it" });
    await user.type(within(trial).getByLabelText("An answer, as a salesperson would say it"), "Hi");
    await user.click(within(trial).getByRole("button", { name: "Judge it" }));
    expect(await within(trial).findByRole("alert")).toHaveTextContent(/try again/i);
  });
});
