import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { DashboardLayout } from "@/app-shell/DashboardLayout";
import { session } from "@/lib/auth/session";
import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { router } from "@/test/setup";

const dealership = {
  method: "GET",
  path: "/api/v1/dealerships/current",
  reply: {
    body: {
      id: "d",
      name: "Demo Motors",
      slug: "demo-motors",
      createdAt: "2026-01-01T00:00:00Z",
      userCount: 4,
      activeUserCount: 4,
    },
  },
};

describe("DashboardLayout", () => {
  it("sends a visitor without a session to sign in, remembering the page", async () => {
    window.history.pushState({}, "", "/settings/?tab=1");
    mockFetch([]);
    renderWithProviders(<DashboardLayout>secret</DashboardLayout>);
    expect(screen.queryByText("secret")).not.toBeInTheDocument();
    await waitFor(() =>
      expect(router.replace).toHaveBeenCalledWith("/login/?next=%2Fsettings%2F%3Ftab%3D1"),
    );
    window.history.pushState({}, "", "/");
  });

  it("shows the role's navigation to a signed-in user, and goes to plain sign-in after signing out", async () => {
    mockFetch([
      dealership,
      { method: "POST", path: "/api/v1/auth/logout", reply: { status: 204 } },
    ]);
    const { user } = renderWithProviders(<DashboardLayout>content</DashboardLayout>, {
      user: makeUser({
        role: "manager",
        profile: { firstName: "Morgan", lastName: "Manager", phone: "" },
      }),
    });
    expect(screen.getByText("content")).toBeInTheDocument();
    const nav = screen.getAllByRole("navigation", { name: "Main" })[0]!;
    expect(nav).toHaveTextContent("Team");
    expect(nav).not.toHaveTextContent("Audit log");
    expect(await screen.findByText("Demo Motors")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: /Open user menu/ }));
    await user.click(screen.getByRole("menuitem", { name: "Sign out" }));
    await waitFor(() => expect(session.getState().status).toBe("anonymous"));
    expect(router.replace).toHaveBeenCalledWith("/login/");
    expect(router.replace).not.toHaveBeenCalledWith(expect.stringContaining("next="));
  });
});
