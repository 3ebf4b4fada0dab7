import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth/session";
import { mockFetch, problem } from "@/test/fetchMock";
import { authenticated, makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { LoginForm } from "./LoginForm";

const LOGIN = "/api/v1/auth/login";
const TWO_FACTOR = "/api/v1/auth/login/two-factor";

async function fillCredentials(user: ReturnType<typeof renderWithProviders>["user"]) {
  await user.type(screen.getByLabelText("E-mail"), "sam@demo.example");
  await user.type(screen.getByLabelText("Password"), "demo-password");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("LoginForm", () => {
  it("checks the fields before calling the API", async () => {
    const api = mockFetch([]);
    const { user } = renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter your e-mail address.")).toBeInTheDocument();
    expect(screen.getByText("Enter your password.")).toBeInTheDocument();
    expect(screen.getByLabelText("E-mail")).toHaveAttribute("aria-invalid", "true");
    await user.type(screen.getByLabelText("E-mail"), "not-an-email");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter a valid e-mail address.")).toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
  });

  it("signs in and reports the user", async () => {
    const signedIn = makeUser({ email: "sam@demo.example" });
    const api = mockFetch([
      { method: "POST", path: LOGIN, reply: { body: authenticated(signedIn, "tok-9") } },
    ]);
    const onSuccess = vi.fn();
    const { user } = renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    await fillCredentials(user);
    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith(signedIn));
    expect(api.callsTo("POST", LOGIN)[0]?.body).toEqual({
      email: "sam@demo.example",
      password: "demo-password",
    });
    expect(session.getState()).toMatchObject({ status: "authenticated", accessToken: "tok-9" });
  });

  it("shows the problem detail when the credentials are wrong, without refreshing", async () => {
    const api = mockFetch([
      {
        method: "POST",
        path: LOGIN,
        reply: problem(401, "invalid_credentials", "The e-mail or password is incorrect."),
      },
    ]);
    const onSuccess = vi.fn();
    const { user } = renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    await fillCredentials(user);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The e-mail or password is incorrect.",
    );
    expect(onSuccess).not.toHaveBeenCalled();
    expect(api.callsTo("POST", "/api/v1/auth/refresh")).toHaveLength(0);
  });

  it("drops the previous refusal once the user edits the form or tries again", async () => {
    const wrong = "The e-mail or password is incorrect.";
    mockFetch([
      { method: "POST", path: LOGIN, reply: problem(401, "invalid_credentials", wrong) },
    ]);
    const { user } = renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await fillCredentials(user);
    expect(await screen.findByRole("alert")).toHaveTextContent(wrong);

    await user.type(screen.getByLabelText("Password"), "x");
    expect(screen.queryByText(wrong)).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(wrong);
    await user.clear(screen.getByLabelText("E-mail"));
    await user.type(screen.getByLabelText("E-mail"), "sam");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter a valid e-mail address.")).toBeInTheDocument();
    expect(screen.queryByText(wrong)).not.toBeInTheDocument();
  });

  it("says how long to wait after too many attempts", async () => {
    mockFetch([
      {
        method: "POST",
        path: LOGIN,
        reply: {
          ...problem(429, "too_many_attempts", "Too many failed sign-ins."),
          headers: { "Retry-After": "600" },
        },
      },
    ]);
    const { user } = renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await fillCredentials(user);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many failed sign-ins. Try again in 10 minutes.",
    );
  });

  it("asks for the authenticator code when two-factor is on", async () => {
    const signedIn = makeUser({ twoFactorEnabled: true });
    const api = mockFetch([
      {
        method: "POST",
        path: LOGIN,
        reply: { body: { status: "two_factor_required", challengeToken: "chal-1" } },
      },
      {
        method: "POST",
        path: TWO_FACTOR,
        reply: problem(401, "invalid_code", "The code is not valid."),
        times: 1,
      },
      { method: "POST", path: TWO_FACTOR, reply: { body: authenticated(signedIn, "tok-2fa") } },
    ]);
    const onSuccess = vi.fn();
    const { user } = renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    await fillCredentials(user);

    const code = await screen.findByLabelText("Authentication code");
    await user.type(code, "12345");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(screen.getByText("The code is 6 digits.")).toBeInTheDocument();
    expect(api.callsTo("POST", TWO_FACTOR)).toHaveLength(0);

    await user.clear(code);
    await user.type(code, "123 456");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The code is not valid.");
    expect(code).toHaveValue("");
    expect(onSuccess).not.toHaveBeenCalled();

    await user.type(code, "654321");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith(signedIn));
    expect(api.callsTo("POST", TWO_FACTOR).map((c) => c.body)).toEqual([
      { challengeToken: "chal-1", code: "123456" },
      { challengeToken: "chal-1", code: "654321" },
    ]);
    expect(session.getAccessToken()).toBe("tok-2fa");
  });

  it("accepts a recovery code instead", async () => {
    const signedIn = makeUser();
    const api = mockFetch([
      {
        method: "POST",
        path: LOGIN,
        reply: { body: { status: "two_factor_required", challengeToken: "chal-2" } },
      },
      { method: "POST", path: TWO_FACTOR, reply: { body: authenticated(signedIn) } },
    ]);
    const onSuccess = vi.fn();
    const { user } = renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    await fillCredentials(user);
    await user.click(await screen.findByRole("button", { name: "Use a recovery code" }));
    await user.type(screen.getByLabelText("Recovery code"), "  abcd-efgh-ijkl ");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(api.callsTo("POST", TWO_FACTOR)[0]?.body).toEqual({
      challengeToken: "chal-2",
      code: "abcd-efgh-ijkl",
    });
  });

  it("can start over from the code step", async () => {
    mockFetch([
      {
        method: "POST",
        path: LOGIN,
        reply: { body: { status: "two_factor_required", challengeToken: "chal-3" } },
      },
    ]);
    const { user } = renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await fillCredentials(user);
    await user.click(await screen.findByRole("button", { name: "Start over" }));
    expect(screen.getByLabelText("E-mail")).toBeInTheDocument();
    expect(screen.getByLabelText("Password")).toHaveValue("");
  });
});
