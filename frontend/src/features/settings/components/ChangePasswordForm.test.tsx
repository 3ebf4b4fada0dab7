import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { ChangePasswordForm } from "./ChangePasswordForm";

const PATH = "/api/v1/users/me/password";

function setup() {
  const rendered = renderWithProviders(<ChangePasswordForm />, { user: makeUser() });
  const fill = async (current: string, next: string, confirm: string) => {
    const { user } = rendered;
    for (const [label, value] of [
      ["Current password", current],
      ["New password", next],
      ["Confirm password", confirm],
    ] as const) {
      const input = screen.getByLabelText(label);
      await user.clear(input);
      if (value) await user.type(input, value);
    }
    await user.click(screen.getByRole("button", { name: "Change password" }));
  };
  return { ...rendered, fill };
}

describe("ChangePasswordForm", () => {
  it("validates before sending anything", async () => {
    const api = mockFetch([]);
    const { fill } = setup();

    await fill("", "", "");
    expect(screen.getByText("Enter your current password.")).toBeInTheDocument();
    expect(screen.getByText("Choose a password.")).toBeInTheDocument();
    expect(screen.getByText("Repeat the password.")).toBeInTheDocument();

    await fill("old-password-1", "short", "short");
    expect(screen.getByText("Use at least 10 characters.")).toBeInTheDocument();

    await fill("old-password-1", "a-long-new-password", "a-long-new-passwore");
    expect(screen.getByText("The passwords do not match.")).toBeInTheDocument();
    expect(screen.getByLabelText("Confirm password")).toHaveAttribute("aria-invalid", "true");

    await fill("same-password-1", "same-password-1", "same-password-1");
    expect(
      screen.getByText("The new password must differ from the current one."),
    ).toBeInTheDocument();

    expect(api.calls).toHaveLength(0);
  });

  it("changes the password and clears the form", async () => {
    const api = mockFetch([{ method: "POST", path: PATH, reply: { status: 204 } }]);
    const { fill } = setup();
    await fill("old-password-1", "a-long-new-password", "a-long-new-password");
    expect(await screen.findByText("Password changed")).toBeInTheDocument();
    expect(api.callsTo("POST", PATH)[0]?.body).toEqual({
      currentPassword: "old-password-1",
      newPassword: "a-long-new-password",
    });
    expect(api.callsTo("POST", PATH)[0]?.headers.get("Authorization")).toBe("Bearer access-1");
    expect(screen.getByLabelText("Current password")).toHaveValue("");
    expect(screen.getByLabelText("New password")).toHaveValue("");
  });

  it("marks the current password field when the server says it is wrong", async () => {
    mockFetch([
      {
        method: "POST",
        path: PATH,
        reply: problem(400, "wrong_password", "The password is incorrect."),
      },
    ]);
    const { fill } = setup();
    await fill("wrong-password", "a-long-new-password", "a-long-new-password");
    const field = screen.getByLabelText("Current password");
    await waitFor(() => expect(field).toHaveAttribute("aria-invalid", "true"));
    expect(field).toHaveAccessibleDescription("The current password is incorrect.");
    expect(screen.queryByText("The password is incorrect.")).not.toBeInTheDocument();
    expect(screen.queryByText("Password changed")).not.toBeInTheDocument();
    expect(field).toHaveValue("wrong-password");
  });

  it("shows the server's reason above the form when it is not about a field", async () => {
    mockFetch([
      {
        method: "POST",
        path: PATH,
        reply: problem(429, "too_many_attempts", "Too many attempts."),
      },
    ]);
    const { fill } = setup();
    await fill("old-password-1", "a-long-new-password", "a-long-new-password");
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many attempts.");
  });
});
