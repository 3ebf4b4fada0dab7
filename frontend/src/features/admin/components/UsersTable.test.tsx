import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { User } from "@/lib/api/types";
import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { UsersTable } from "./UsersTable";

const admin = makeUser({ role: "admin" });
const manager = makeUser({ role: "manager" });
const seller = makeUser({
  role: "salesperson",
  managerId: manager.id,
  profile: { firstName: "Sal", lastName: "Person", phone: "" },
});
const path = `/api/v1/users/${seller.id}`;

function patched(changes: Partial<User>) {
  return { body: { ...seller, ...changes } };
}

function render(locked: string[] = []) {
  const api = mockFetch([
    {
      method: "GET",
      path: "/api/v1/users/locked",
      reply: { body: locked.map((userId) => ({ userId, email: seller.email })) },
    },
    {
      method: "PATCH",
      path,
      reply: (call) => patched(call.body as Partial<User>),
    },
    { method: "POST", path: `${path}/unlock`, reply: { body: seller } },
  ]);
  const view = renderWithProviders(
    <UsersTable users={[admin, manager, seller]} currentUserId={admin.id} manage />,
    { user: admin },
  );
  return { api, ...view };
}

describe("UsersTable", () => {
  it("changes a role only once confirmed, and undoes it", async () => {
    const { api, user } = render();
    await user.selectOptions(screen.getByLabelText("Role for Sal Person"), "manager");
    const confirm = screen.getByRole("group", { name: "Confirm the role change of Sal Person" });
    expect(confirm).toHaveTextContent(
      "Make Sal Person manager? They will no longer report to a manager.",
    );
    expect(api.callsTo("PATCH", path)).toHaveLength(0);

    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(screen.getByLabelText("Role for Sal Person")).toHaveValue("salesperson");
    expect(api.callsTo("PATCH", path)).toHaveLength(0);

    await user.selectOptions(screen.getByLabelText("Role for Sal Person"), "manager");
    await user.click(screen.getByRole("button", { name: "Change role" }));
    await waitFor(() => expect(api.callsTo("PATCH", path)).toHaveLength(1));
    expect(api.callsTo("PATCH", path)[0]?.body).toEqual({ role: "manager" });

    await user.click(await screen.findByRole("button", { name: "Undo" }));
    await waitFor(() => expect(api.callsTo("PATCH", path)).toHaveLength(2));
    // Back to salesperson, and back on their manager's team.
    expect(api.callsTo("PATCH", path)[1]?.body).toEqual({
      role: "salesperson",
      managerId: manager.id,
    });
    expect(screen.queryByRole("button", { name: "Undo" })).not.toBeInTheDocument();
  });

  it("shows a locked account and unlocks it", async () => {
    const { api, user } = render([seller.id]);
    const row = (await screen.findByText("Locked")).closest("tr");
    expect(row).not.toBeNull();
    expect(within(row as HTMLElement).getByText("Sal Person")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Unlock sign-in for Sal Person" }));
    await waitFor(() => expect(api.callsTo("POST", `${path}/unlock`)).toHaveLength(1));
    expect(await screen.findByText("Sal Person can sign in again.")).toBeVisible();
  });
});
