import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { BulkInvitations } from "@/lib/api/types";
import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { BulkInviteForm } from "./BulkInviteForm";

const BULK = "/api/v1/users/invitations/bulk";
const CSV = "Nia Hire,nia@demo.example,salesperson,\nBad Role,bad@demo.example,boss,\n";

function line(overrides: Partial<BulkInvitations["lines"][number]>) {
  return {
    line: 1,
    name: "Nia Hire",
    email: "nia@demo.example",
    role: "salesperson" as const,
    managerEmail: null,
    errors: [],
    invitation: null,
    ...overrides,
  };
}

const badLine = line({
  line: 2,
  name: "Bad Role",
  email: "bad@demo.example",
  role: null,
  errors: ["“boss” is not a role; use one of admin, manager, salesperson."],
});

describe("BulkInviteForm", () => {
  it("previews every line, then invites the good ones only when asked", async () => {
    const api = mockFetch([
      {
        method: "POST",
        path: BULK,
        reply: (call) =>
          (call.body as { create: boolean }).create
            ? {
                body: {
                  lines: [
                    line({
                      invitation: {
                        id: "inv1",
                        email: "nia@demo.example",
                        role: "salesperson",
                        expiresAt: "2026-12-01T10:00:00Z",
                        createdAt: "2026-11-28T10:00:00Z",
                        inviteUrl: null,
                        emailSent: true,
                      },
                    }),
                    badLine,
                  ],
                  valid: 1,
                  invalid: 1,
                  created: 1,
                },
              }
            : { body: { lines: [line({}), badLine], valid: 1, invalid: 1, created: 0 } },
      },
    ]);
    const { user } = renderWithProviders(<BulkInviteForm />, { user: makeUser({ role: "admin" }) });
    const file = new File([CSV], "team.csv", { type: "text/csv" });
    await user.upload(screen.getByLabelText("CSV file"), file);

    const table = await screen.findByRole("table", { name: "Lines of the file" });
    expect(api.callsTo("POST", BULK)[0]?.body).toEqual({ csv: CSV, create: false });
    const [, ready, bad] = within(table).getAllByRole("row");
    expect(ready).toHaveTextContent("Ready");
    expect(bad).toHaveTextContent("“boss” is not a role");
    expect(screen.getByRole("status")).toHaveTextContent(
      "1 of 2 lines of team.csv are ready to invite. 1 line has errors and will be skipped.",
    );

    await user.click(screen.getByRole("button", { name: "Invite 1 person" }));
    await waitFor(() => expect(api.callsTo("POST", BULK)).toHaveLength(2));
    expect(api.callsTo("POST", BULK)[1]?.body).toEqual({ csv: CSV, create: true });
    expect(await screen.findByText("E-mail sent")).toBeVisible();
    expect(screen.getByRole("status")).toHaveTextContent("1 invited from team.csv.");
    expect(screen.queryByRole("button", { name: /Invite 1/ })).not.toBeInTheDocument();
  });
});
