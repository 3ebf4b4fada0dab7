import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { makeScenario } from "@/test/training";

import type { Assignment } from "../api";
import { localDate } from "../validation";
import { AssignmentsPage } from "./AssignmentsPage";

const ASSIGNMENTS = "/api/v1/training/assignments";
const sam = makeUser({ profile: { firstName: "Sam", lastName: "Seller", phone: "" } });
const riley = makeUser({ profile: { firstName: "Riley", lastName: "Seller", phone: "" } });
// A due date nine days on stays in the future whenever the tests run.
const DUE = localDate(new Date(Date.now() + 9 * 24 * 3600 * 1000));
const page = <T,>(items: T[]) => ({ items, total: items.length, offset: 0, limit: 100 });

const SCENARIOS = [
  makeScenario({ id: "objection-price", title: "Price objection", sessionType: "objection" }),
];

function makeAssignment(overrides: Partial<Assignment> = {}): Assignment {
  return {
    id: "a".repeat(32),
    scenarioId: "objection-price",
    scenarioTitle: "Price objection",
    sessionType: "objection",
    userId: sam.id,
    userName: "Sam Seller",
    assignedById: "m".repeat(32),
    assignedByName: "Morgan Manager",
    note: null,
    dueAt: "2026-12-01T22:59:00Z",
    createdAt: "2026-11-24T09:00:00Z",
    status: "open",
    completedSessionId: null,
    recurrence: "none",
    weekday: null,
    seriesId: null,
    passMark: null,
    passOn: "overall",
    attempts: [],
    ...overrides,
  };
}

function render(role: "manager" | "salesperson", assignments: Assignment[] = []) {
  const network = mockFetch([
    { method: "GET", path: ASSIGNMENTS, reply: { body: page(assignments) } },
    { method: "GET", path: "/api/v1/users", reply: { body: page([sam, riley]) } },
    { method: "GET", path: "/api/v1/training/scenarios", reply: { body: SCENARIOS } },
    {
      method: "POST",
      path: ASSIGNMENTS,
      reply: (call) => ({
        status: 201,
        body: makeAssignment(call.body as Partial<Assignment>),
      }),
    },
  ]);
  const view = renderWithProviders(<AssignmentsPage />, { user: makeUser({ role }) });
  return { ...view, network };
}

describe("AssignmentsPage", () => {
  it("assigns a weekly drill with a pass mark to a salesperson", async () => {
    const { user, network } = render("manager");
    const form = await screen.findByRole("form", { name: "New assignment" });
    await user.selectOptions(await within(form).findByLabelText("Person"), "Sam Seller");
    await user.selectOptions(within(form).getByLabelText("Scenario"), "Price objection");
    fireEvent.change(within(form).getByLabelText("Due"), { target: { value: DUE } });
    await user.type(within(form).getByLabelText("Pass mark"), "80");
    await user.selectOptions(within(form).getByLabelText("Scored on"), "rubric");
    await user.click(within(form).getByLabelText("Repeat every week"));
    await user.selectOptions(within(form).getByLabelText("On"), "Monday");
    await user.type(within(form).getByLabelText("Note"), "Acknowledge first.");
    await user.click(within(form).getByRole("button", { name: "Assign" }));

    await waitFor(() => expect(network.callsTo("POST", ASSIGNMENTS)).toHaveLength(1));
    const body = network.callsTo("POST", ASSIGNMENTS)[0]!.body as Record<string, unknown>;
    expect(body).toEqual({
      userId: sam.id,
      scenarioId: "objection-price",
      note: "Acknowledge first.",
      dueAt: new Date(`${DUE}T23:59:00`).toISOString(),
      recurrence: "weekly",
      weekday: 0,
      passMark: 80,
      passOn: "rubric",
    });
    expect(await screen.findByText("Assigned.")).toBeInTheDocument();
    // The list is fetched again with the new one, and the form starts afresh.
    await waitFor(() => expect(network.callsTo("GET", ASSIGNMENTS).length).toBeGreaterThan(1));
    expect(within(form).getByLabelText("Person")).toHaveValue("");
  });

  it("marks empty, past and out-of-range fields with the app's own errors", async () => {
    const { user, network } = render("manager");
    const form = await screen.findByRole("form", { name: "New assignment" });
    expect(form).toHaveAttribute("novalidate");
    await within(form).findByRole("option", { name: "Sam Seller" });
    fireEvent.change(within(form).getByLabelText("Due"), { target: { value: "2020-01-01" } });
    await user.type(within(form).getByLabelText("Pass mark"), "150");
    await user.click(within(form).getByRole("button", { name: "Assign" }));

    expect(within(form).getByLabelText("Person")).toHaveAccessibleDescription(
      "Choose a salesperson, or everyone on the team.",
    );
    expect(within(form).getByLabelText("Scenario")).toHaveAccessibleDescription(
      "Choose a scenario.",
    );
    expect(within(form).getByLabelText("Due")).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByText("Choose today or a later date.")).toBeInTheDocument();
    expect(within(form).getByLabelText("Pass mark")).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByText("Enter a whole number from 0 to 100.")).toBeInTheDocument();
    expect(network.callsTo("POST", ASSIGNMENTS)).toHaveLength(0);
  });

  it("shows the server's refusal of a past due date under the Due field", async () => {
    mockFetch([
      { method: "GET", path: ASSIGNMENTS, reply: { body: page([]) } },
      { method: "GET", path: "/api/v1/users", reply: { body: page([sam]) } },
      { method: "GET", path: "/api/v1/training/scenarios", reply: { body: SCENARIOS } },
      {
        method: "POST",
        path: ASSIGNMENTS,
        reply: problem(400, "due_in_past", "Choose a due date that is today or later."),
      },
    ]);
    const { user } = renderWithProviders(<AssignmentsPage />, {
      user: makeUser({ role: "manager" }),
    });
    const form = await screen.findByRole("form", { name: "New assignment" });
    await user.selectOptions(await within(form).findByLabelText("Person"), "Sam Seller");
    await user.selectOptions(within(form).getByLabelText("Scenario"), "Price objection");
    fireEvent.change(within(form).getByLabelText("Due"), { target: { value: DUE } });
    await user.click(within(form).getByRole("button", { name: "Assign" }));
    await waitFor(() =>
      expect(within(form).getByLabelText("Due")).toHaveAttribute("aria-invalid", "true"),
    );
    expect(within(form).getByText("Choose a due date that is today or later.")).toBeInTheDocument();
    expect(within(form).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("assigns to the whole team at once: one assignment each", async () => {
    const { user, network } = render("manager");
    const form = await screen.findByRole("form", { name: "New assignment" });
    await user.selectOptions(
      await within(form).findByLabelText("Person"),
      "Everyone on the team (2 people)",
    );
    await user.selectOptions(within(form).getByLabelText("Scenario"), "Price objection");
    await user.click(within(form).getByRole("button", { name: "Assign" }));
    await waitFor(() => expect(network.callsTo("POST", ASSIGNMENTS)).toHaveLength(2));
    const people = network.callsTo("POST", ASSIGNMENTS).map((call) => {
      const body = call.body as { userId: string; recurrence: string; passMark: unknown };
      expect(body.recurrence).toBe("none");
      expect(body.passMark).toBeNull();
      return body.userId;
    });
    expect(people.sort()).toEqual([sam.id, riley.id].sort());
    expect(await screen.findByText("Assigned to 2 people.")).toBeInTheDocument();
  });

  it("shows a salesperson their assignments with status and attempts, and no form", async () => {
    const { user, network } = render("salesperson", [
      makeAssignment({
        id: "b".repeat(32),
        status: "overdue",
        recurrence: "weekly",
        weekday: 0,
        passMark: 80,
        attempts: [
          {
            sessionId: "1".repeat(32),
            at: "2026-11-25T10:00:00Z",
            overallScore: 64,
            rubricPassed: 3,
            rubricTotal: 6,
            passed: false,
          },
        ],
      }),
      makeAssignment({ id: "c".repeat(32), status: "done" }),
    ]);
    const rows = await screen.findAllByTestId("assignment");
    expect(network.callsTo("GET", ASSIGNMENTS)[0]!.search.get("userId")).toBeTruthy();
    expect(screen.queryByRole("form", { name: "New assignment" })).not.toBeInTheDocument();
    expect(within(rows[0]!).getByText("Overdue")).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent("every Monday · pass mark 80 overall");
    expect(within(rows[1]!).getByText("Done")).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent("done when the scenario is passed");
    expect(screen.queryByRole("button", { name: "Withdraw" })).not.toBeInTheDocument();

    await user.click(within(rows[0]!).getByText("1 attempt"));
    const attempt = within(rows[0]!).getByRole("list", { name: "Attempts" });
    expect(attempt).toHaveTextContent("overall 64, rubric 3/6");
    expect(within(attempt).getByText("Not passed")).toBeInTheDocument();
    expect(within(attempt).getByRole("link").getAttribute("href")).toMatch(
      /^\/training\/report\/?\?id=1{32}$/,
    );
  });
});
