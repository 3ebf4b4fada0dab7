import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockFetch, problem, type Route } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { makeScenario } from "@/test/training";

import type { Certification } from "../api";
import { CertificationsPage } from "./CertificationsPage";

const CERTIFICATIONS = "/api/v1/certifications";
const ID = "c".repeat(32);
const page = <T,>(items: T[]) => ({ items, total: items.length, offset: 0, limit: 100 });

const SCENARIOS = [
  makeScenario({ id: "objection-price", title: "Price objection", sessionType: "objection" }),
  makeScenario({
    id: "objection-think",
    title: "I need to think about it",
    sessionType: "objection",
  }),
  makeScenario({ id: "closing-summary", title: "Summary close", sessionType: "closing" }),
];

function makeCertification(overrides: Partial<Certification> = {}): Certification {
  return {
    id: ID,
    name: "Objections",
    description: null,
    validDays: 90,
    items: [
      {
        scenarioId: "objection-price",
        scenarioTitle: "Price objection",
        passMark: 80,
        passed: true,
      },
      {
        scenarioId: "objection-think",
        scenarioTitle: "I need to think about it",
        passMark: 75,
        passed: false,
      },
    ],
    createdById: "m".repeat(32),
    createdAt: "2026-11-20T09:00:00Z",
    award: null,
    ...overrides,
  };
}

function render(
  role: "manager" | "salesperson",
  certifications: Certification[],
  patch?: Route["reply"],
) {
  // The list as the server has it now: a PATCH that succeeds changes it.
  let current = certifications;
  const network = mockFetch([
    { method: "GET", path: CERTIFICATIONS, reply: () => ({ body: page(current) }) },
    { method: "GET", path: "/api/v1/training/scenarios", reply: { body: SCENARIOS } },
    {
      method: "GET",
      path: `${CERTIFICATIONS}/${ID}/holders`,
      reply: {
        body: page([
          {
            userId: "u".repeat(32),
            userName: "Sam Seller",
            awardedAt: "2026-11-28T10:00:00Z",
            expiresAt: "2027-02-26T10:00:00Z",
            expired: false,
          },
        ]),
      },
    },
    {
      method: "POST",
      path: CERTIFICATIONS,
      reply: (call) => ({
        status: 201,
        body: makeCertification({ ...(call.body as object), id: "n".repeat(32) }),
      }),
    },
    {
      method: "PATCH",
      path: `${CERTIFICATIONS}/${ID}`,
      reply:
        patch ??
        ((call) => {
          const body = call.body as Partial<Certification> & {
            items?: { scenarioId: string; passMark: number }[];
          };
          const before = current.find((certification) => certification.id === ID)!;
          const saved: Certification = {
            ...before,
            ...body,
            items: body.items
              ? body.items.map((item) => ({
                  ...item,
                  scenarioTitle:
                    SCENARIOS.find((scenario) => scenario.id === item.scenarioId)?.title ?? null,
                  passed: false,
                }))
              : before.items,
          };
          current = current.map((certification) =>
            certification.id === ID ? saved : certification,
          );
          return { body: saved };
        }),
    },
  ]);
  const view = renderWithProviders(<CertificationsPage />, { user: makeUser({ role }) });
  return { ...view, network };
}

describe("CertificationsPage", () => {
  it("lets a manager define a certification from scenarios and pass marks", async () => {
    const { user, network } = render("manager", []);
    expect(await screen.findByText("No certifications yet")).toBeInTheDocument();
    const form = screen.getByRole("form", { name: "New certification" });
    await user.type(within(form).getByLabelText("Name"), "Objections");
    await user.type(within(form).getByLabelText("Valid for (days)"), "90");
    await user.selectOptions(await within(form).findByLabelText("Scenario 1"), "Price objection");
    await user.click(within(form).getByRole("button", { name: "Add a scenario" }));
    // A scenario already chosen cannot be chosen twice.
    const second = within(form).getByLabelText("Scenario 2");
    expect(within(second).getByRole("option", { name: "Price objection" })).toBeDisabled();
    await user.selectOptions(second, "I need to think about it");
    await user.clear(within(form).getByLabelText("Pass mark 2"));
    await user.type(within(form).getByLabelText("Pass mark 2"), "75");
    await user.click(within(form).getByRole("button", { name: "Define certification" }));

    await waitFor(() => expect(network.callsTo("POST", CERTIFICATIONS)).toHaveLength(1));
    expect(network.callsTo("POST", CERTIFICATIONS)[0]!.body).toEqual({
      name: "Objections",
      description: null,
      validDays: 90,
      items: [
        { scenarioId: "objection-price", passMark: 80 },
        { scenarioId: "objection-think", passMark: 75 },
      ],
    });
    expect(await screen.findByText("“Objections” is defined.")).toBeInTheDocument();
    expect(within(form).getByLabelText("Name")).toHaveValue("");
  });

  it("marks empty and out-of-range fields with the app's own errors, not the browser's", async () => {
    const { user, network } = render("manager", []);
    expect(await screen.findByText("No certifications yet")).toBeInTheDocument();
    const form = screen.getByRole("form", { name: "New certification" });
    expect(form).toHaveAttribute("novalidate");
    await user.type(within(form).getByLabelText("Valid for (days)"), "0");
    await user.clear(within(form).getByLabelText("Pass mark 1"));
    await user.type(within(form).getByLabelText("Pass mark 1"), "150");
    await user.click(within(form).getByRole("button", { name: "Define certification" }));

    expect(within(form).getByLabelText("Name")).toHaveAccessibleDescription(
      "Name the certification.",
    );
    expect(within(form).getByLabelText("Valid for (days)")).toHaveAccessibleDescription(
      "Enter a whole number of days from 1 to 3650, or leave it empty.",
    );
    const problem = "Choose a scenario. Enter a whole number from 0 to 100.";
    expect(within(form).getByLabelText("Scenario 1")).toHaveAccessibleDescription(problem);
    expect(within(form).getByLabelText("Pass mark 1")).toHaveAttribute("aria-invalid", "true");
    expect(network.callsTo("POST", CERTIFICATIONS)).toHaveLength(0);
  });

  it("shows a manager who holds a certification when they open the list", async () => {
    const { user, network } = render("manager", [makeCertification()]);
    const card = await screen.findByTestId("certification");
    expect(network.callsTo("GET", `${CERTIFICATIONS}/${ID}/holders`)).toHaveLength(0);
    await user.click(within(card).getByText("Who holds it"));
    const holders = await within(card).findByRole("list", { name: "Holders" });
    expect(holders).toHaveTextContent("Sam Seller");
    expect(holders).toHaveTextContent("Held since");
    // A manager's own progress is not what the page is about.
    expect(within(card).queryByText("To pass")).not.toBeInTheDocument();
  });

  it("shows a salesperson what they hold and what is left", async () => {
    render("salesperson", [
      makeCertification(),
      makeCertification({
        id: "d".repeat(32),
        name: "Closing",
        items: [
          {
            scenarioId: "closing-summary",
            scenarioTitle: "Summary close",
            passMark: 70,
            passed: true,
          },
        ],
        award: { awardedAt: "2026-11-28T10:00:00Z", expiresAt: null, expired: false },
      }),
    ]);
    const [objections, closing] = await screen.findAllByTestId("certification");
    expect(within(objections!).getByText("Not held yet")).toBeInTheDocument();
    expect(within(objections!).getByTestId("left")).toHaveTextContent("1 of 2 left to pass.");
    const requirements = within(objections!).getAllByTestId("requirement");
    expect(requirements[0]).toHaveTextContent("Price objectionpass mark 80Passed");
    expect(requirements[1]).toHaveTextContent("I need to think about itpass mark 75To pass");
    expect(within(closing!).getByText(/^Held since/)).toBeInTheDocument();
    expect(within(closing!).queryByTestId("left")).not.toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "New certification" })).not.toBeInTheDocument();
    expect(screen.queryByText("Who holds it")).not.toBeInTheDocument();
  });

  it("lets a manager edit a certification, sending what changed, and shows it saved", async () => {
    const { user, network } = render("manager", [makeCertification()]);
    const card = await screen.findByTestId("certification");
    await user.click(within(card).getByRole("button", { name: "Edit Objections" }));

    // The form starts from the certification's values, the focus on its first field.
    const form = within(card).getByRole("form", { name: "Edit Objections" });
    const name = within(form).getByLabelText("Name");
    expect(name).toHaveValue("Objections");
    expect(name).toHaveFocus();
    expect(within(form).getByLabelText("Valid for (days)")).toHaveValue(90);
    expect(within(form).getByLabelText("Description")).toHaveValue("");
    expect(await within(form).findByLabelText("Scenario 1")).toHaveValue("objection-price");
    expect(within(form).getByLabelText("Scenario 2")).toHaveValue("objection-think");
    expect(within(form).getByLabelText("Pass mark 1")).toHaveValue(80);
    expect(within(form).getByLabelText("Pass mark 2")).toHaveValue(75);
    // Editing does not offer Delete (nor Edit again) until the form is closed.
    expect(within(card).queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();

    await user.clear(name);
    await user.type(name, "Price objections");
    await user.clear(within(form).getByLabelText("Valid for (days)"));
    await user.clear(within(form).getByLabelText("Pass mark 2"));
    await user.type(within(form).getByLabelText("Pass mark 2"), "85");
    await user.click(within(form).getByRole("button", { name: "Save changes" }));

    await waitFor(() =>
      expect(network.callsTo("PATCH", `${CERTIFICATIONS}/${ID}`)).toHaveLength(1),
    );
    // Only what changed: the description was left alone.
    expect(network.callsTo("PATCH", `${CERTIFICATIONS}/${ID}`)[0]!.body).toEqual({
      name: "Price objections",
      validDays: null,
      items: [
        { scenarioId: "objection-price", passMark: 80 },
        { scenarioId: "objection-think", passMark: 85 },
      ],
    });
    expect(await screen.findByText("“Price objections” is saved.")).toBeInTheDocument();
    // The list is read again and shows the saved certification; the focus is back on Edit.
    const edit = await within(card).findByRole("button", { name: "Edit Price objections" });
    expect(network.callsTo("GET", CERTIFICATIONS)).toHaveLength(2);
    expect(within(card).queryByRole("form")).not.toBeInTheDocument();
    expect(within(card).getByRole("heading", { name: "Price objections" })).toBeInTheDocument();
    expect(within(card).getByText("Never expires")).toBeInTheDocument();
    expect(within(card).getAllByTestId("requirement")[1]).toHaveTextContent(
      "I need to think about itpass mark 85",
    );
    expect(edit).toHaveFocus();
  });

  it("keeps a scenario archived since unless the manager changes the scenarios", async () => {
    const { user, network } = render("manager", [
      makeCertification({
        items: [
          {
            scenarioId: "objection-old",
            scenarioTitle: "Old objection",
            passMark: 70,
            passed: false,
          },
        ],
      }),
    ]);
    const card = await screen.findByTestId("certification");
    await user.click(within(card).getByRole("button", { name: "Edit Objections" }));
    const form = within(card).getByRole("form", { name: "Edit Objections" });
    const scenario = within(form).getByLabelText("Scenario 1");
    expect(scenario).toHaveValue("objection-old");
    expect(
      await within(scenario).findByRole("option", { name: "Old objection (no longer offered)" }),
    ).toBeDisabled();
    await user.type(within(form).getByLabelText("Description"), "The classics.");
    await user.click(within(form).getByRole("button", { name: "Save changes" }));

    await waitFor(() =>
      expect(network.callsTo("PATCH", `${CERTIFICATIONS}/${ID}`)).toHaveLength(1),
    );
    expect(network.callsTo("PATCH", `${CERTIFICATIONS}/${ID}`)[0]!.body).toEqual({
      description: "The classics.",
    });
  });

  it("shows the server's error when a save fails, and keeps the form as it was", async () => {
    const { user, network } = render(
      "manager",
      [makeCertification()],
      problem(400, "unknown_scenario", "An item names no current scenario."),
    );
    const card = await screen.findByTestId("certification");
    await user.click(within(card).getByRole("button", { name: "Edit Objections" }));
    const form = within(card).getByRole("form", { name: "Edit Objections" });
    await user.type(within(form).getByLabelText("Name"), " 2");
    await user.click(within(form).getByRole("button", { name: "Save changes" }));

    expect(await within(form).findByRole("alert")).toHaveTextContent(
      "An item names no current scenario.",
    );
    expect(within(form).getByLabelText("Name")).toHaveValue("Objections 2");
    expect(network.callsTo("GET", CERTIFICATIONS)).toHaveLength(1);
    // The message goes once the manager changes something: it no longer applies.
    await user.type(within(form).getByLabelText("Name"), "!");
    expect(within(form).queryByRole("alert")).not.toBeInTheDocument();
    // Cancel leaves the certification as it was, with no further request.
    await user.click(within(form).getByRole("button", { name: "Cancel" }));
    expect(within(card).queryByRole("form")).not.toBeInTheDocument();
    expect(within(card).getByRole("heading", { name: "Objections" })).toBeInTheDocument();
    expect(network.callsTo("PATCH", `${CERTIFICATIONS}/${ID}`)).toHaveLength(1);
  });

  it("offers a salesperson no Edit or Delete", async () => {
    render("salesperson", [makeCertification()]);
    const card = await screen.findByTestId("certification");
    expect(within(card).queryByRole("button", { name: /edit/i })).not.toBeInTheDocument();
    expect(within(card).queryByRole("button", { name: /delete/i })).not.toBeInTheDocument();
    expect(screen.queryByRole("form")).not.toBeInTheDocument();
  });
});
