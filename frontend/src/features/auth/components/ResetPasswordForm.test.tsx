import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockFetch, problem } from "@/test/fetchMock";
import { renderWithProviders } from "@/test/render";

import { ResetPasswordForm } from "./ResetPasswordForm";

const PATH = "/api/v1/auth/password/reset";

async function submit(
  user: ReturnType<typeof renderWithProviders>["user"],
  password: string,
  confirm = password,
) {
  await user.type(screen.getByLabelText("New password"), password);
  await user.type(screen.getByLabelText("Confirm password"), confirm);
  await user.click(screen.getByRole("button", { name: "Set new password" }));
}

describe("ResetPasswordForm", () => {
  it("explains a link without a token", () => {
    mockFetch([]);
    renderWithProviders(<ResetPasswordForm token={null} />);
    expect(screen.getByText("This link is incomplete")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Request a new link" })).toHaveAttribute(
      "href",
      expect.stringMatching(/^\/forgot-password\/?$/),
    );
    expect(screen.queryByLabelText("New password")).not.toBeInTheDocument();
  });

  it("requires matching passwords of the minimum length", async () => {
    const api = mockFetch([]);
    const { user } = renderWithProviders(<ResetPasswordForm token="tok" />);
    await submit(user, "short");
    expect(screen.getByText("Use at least 10 characters.")).toBeInTheDocument();
    await user.clear(screen.getByLabelText("New password"));
    await user.clear(screen.getByLabelText("Confirm password"));
    await submit(user, "long-enough-pass", "long-enough-pasS");
    expect(screen.getByText("The passwords do not match.")).toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
  });

  it("sets the new password with the token", async () => {
    const api = mockFetch([{ method: "POST", path: PATH, reply: { status: 204 } }]);
    const { user } = renderWithProviders(<ResetPasswordForm token="tok-123" />);
    await submit(user, "long-enough-pass");
    expect(await screen.findByText("Password changed")).toBeInTheDocument();
    expect(api.callsTo("POST", PATH)[0]?.body).toEqual({
      token: "tok-123",
      password: "long-enough-pass",
    });
    expect(screen.getByRole("link", { name: "Go to sign in" })).toHaveAttribute(
      "href",
      expect.stringMatching(/^\/login\/?$/),
    );
  });

  it("offers a new link when the token is no longer valid", async () => {
    mockFetch([
      {
        method: "POST",
        path: PATH,
        reply: problem(400, "invalid_token", "This link is invalid, already used or expired."),
      },
    ]);
    const { user } = renderWithProviders(<ResetPasswordForm token="old" />);
    await submit(user, "long-enough-pass");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This link is invalid, already used or expired.");
    expect(screen.getByRole("link", { name: "Request a new link" })).toBeInTheDocument();
  });

  it("shows a weak-password refusal without offering a new link", async () => {
    mockFetch([
      {
        method: "POST",
        path: PATH,
        reply: problem(400, "weak_password", "This password is too common; choose another."),
      },
    ]);
    const { user } = renderWithProviders(<ResetPasswordForm token="tok" />);
    await submit(user, "password123");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This password is too common; choose another.",
    );
    expect(screen.queryByRole("link", { name: "Request a new link" })).not.toBeInTheDocument();
  });
});
