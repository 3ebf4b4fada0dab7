import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { InviteUserForm } from "./InviteUserForm";

const LINK = "http://localhost:18800/accept-invitation?token=tok-123";

describe("an invitation without a mail server", () => {
  it("says no e-mail was sent and offers the link to copy", async () => {
    mockFetch([
      {
        method: "GET",
        path: "/api/v1/users",
        reply: { body: { items: [], total: 0, offset: 0, limit: 100 } },
      },
      {
        method: "POST",
        path: "/api/v1/users/invitations",
        reply: {
          status: 201,
          body: {
            id: "inv1",
            email: "walk.in@demo.example",
            role: "salesperson",
            expiresAt: "2026-12-01T10:00:00Z",
            createdAt: "2026-11-28T10:00:00Z",
            inviteUrl: LINK,
            emailSent: false,
          },
        },
      },
    ]);
    const { user } = renderWithProviders(<InviteUserForm onInvited={vi.fn()} />, {
      user: makeUser({ role: "admin" }),
    });
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    await user.type(screen.getByLabelText("E-mail"), "walk.in@demo.example");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));

    expect(await screen.findByText("No e-mail was sent to walk.in@demo.example")).toBeVisible();
    expect(screen.queryByText(/Invitation sent/)).not.toBeInTheDocument();
    expect(screen.getByLabelText("Invitation link for walk.in@demo.example")).toHaveValue(LINK);
    await user.click(screen.getByRole("button", { name: "Copy link" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(LINK));
    expect(await screen.findByText("Link copied.")).toBeVisible();
  });
});
