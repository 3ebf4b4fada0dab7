import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { InviteUserForm } from "./InviteUserForm";

const INVITE = "/api/v1/users/invitations";
const manager = makeUser({
  role: "manager",
  profile: { firstName: "Morgan", lastName: "Manager", phone: "" },
});
const admin = makeUser({ role: "admin" });

function managersRoute() {
  return {
    method: "GET",
    path: "/api/v1/users",
    reply: { body: { items: [manager], total: 1, offset: 0, limit: 100 } },
  };
}

describe("InviteUserForm", () => {
  it("invites a salesperson to a manager's team", async () => {
    const api = mockFetch([
      managersRoute(),
      {
        method: "POST",
        path: INVITE,
        reply: (call) => ({
          status: 201,
          body: {
            id: "inv1",
            email: (call.body as { email: string }).email,
            role: "salesperson",
            expiresAt: "2026-12-01T10:00:00Z",
            createdAt: "2026-11-28T10:00:00Z",
          },
        }),
      },
    ]);
    const onInvited = vi.fn();
    const { user } = renderWithProviders(<InviteUserForm onInvited={onInvited} />, { user: admin });

    const managerSelect = screen.getByLabelText("Manager");
    await waitFor(() =>
      expect(
        within(managerSelect).getByRole("option", { name: "Morgan Manager" }),
      ).toBeInTheDocument(),
    );
    const query = api.callsTo("GET", "/api/v1/users")[0]?.search;
    expect(query?.get("role")).toBe("manager");
    expect(query?.get("active")).toBe("true");

    await user.type(screen.getByLabelText("E-mail"), " new.person@demo.example ");
    await user.selectOptions(managerSelect, manager.id);
    await user.click(screen.getByRole("button", { name: "Send invitation" }));

    await waitFor(() => expect(onInvited).toHaveBeenCalledTimes(1));
    expect(api.callsTo("POST", INVITE)[0]?.body).toEqual({
      email: "new.person@demo.example",
      role: "salesperson",
      managerId: manager.id,
    });
    expect(screen.getByRole("status")).toHaveTextContent(
      "Invitation sent to new.person@demo.example",
    );
    expect(screen.getByLabelText("E-mail")).toHaveValue("");
  });

  it("sends no manager for other roles and hides the choice", async () => {
    const api = mockFetch([
      managersRoute(),
      {
        method: "POST",
        path: INVITE,
        reply: {
          status: 201,
          body: {
            id: "inv2",
            email: "boss@demo.example",
            role: "manager",
            expiresAt: "2026-12-01T10:00:00Z",
            createdAt: "2026-11-28T10:00:00Z",
          },
        },
      },
    ]);
    const { user } = renderWithProviders(<InviteUserForm onInvited={vi.fn()} />, { user: admin });
    await user.selectOptions(screen.getByLabelText("Role"), "manager");
    expect(screen.queryByLabelText("Manager")).not.toBeInTheDocument();
    await user.type(screen.getByLabelText("E-mail"), "boss@demo.example");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    await waitFor(() => expect(api.callsTo("POST", INVITE)).toHaveLength(1));
    expect(api.callsTo("POST", INVITE)[0]?.body).toEqual({
      email: "boss@demo.example",
      role: "manager",
      managerId: null,
    });
  });

  it("rejects an invalid address and shows the server's refusal", async () => {
    const api = mockFetch([
      managersRoute(),
      {
        method: "POST",
        path: INVITE,
        reply: problem(409, "email_taken", "A user with this e-mail already exists."),
      },
    ]);
    const onInvited = vi.fn();
    const { user } = renderWithProviders(<InviteUserForm onInvited={onInvited} />, { user: admin });
    await user.type(screen.getByLabelText("E-mail"), "nobody");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(screen.getByText("Enter a valid e-mail address.")).toBeInTheDocument();
    expect(api.callsTo("POST", INVITE)).toHaveLength(0);

    await user.clear(screen.getByLabelText("E-mail"));
    await user.type(screen.getByLabelText("E-mail"), "sam@demo.example");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "A user with this e-mail already exists.",
    );
    expect(onInvited).not.toHaveBeenCalled();
  });

  it("asks for the invitee's address, not the admin's own, when it is empty", async () => {
    const api = mockFetch([managersRoute()]);
    const { user } = renderWithProviders(<InviteUserForm onInvited={vi.fn()} />, { user: admin });
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(
      screen.getByText("Enter the e-mail address of the person to invite."),
    ).toBeInTheDocument();
    expect(screen.queryByText("Enter your e-mail address.")).not.toBeInTheDocument();
    expect(api.callsTo("POST", INVITE)).toHaveLength(0);
  });
});
