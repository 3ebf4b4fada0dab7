import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { session } from "@/lib/auth/session";
import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { TwoFactorSettings } from "./TwoFactorSettings";

const SETUP = "/api/v1/auth/two-factor/setup";
const CONFIRM = "/api/v1/auth/two-factor/confirm";
const DISABLE = "/api/v1/auth/two-factor/disable";
const QR = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
const CODES = ["aaaa-bbbb", "cccc-dddd", "eeee-ffff"];

describe("TwoFactorSettings", () => {
  it("enrols: shows the QR code and key, confirms a code, then shows recovery codes once", async () => {
    const api = mockFetch([
      {
        method: "POST",
        path: SETUP,
        reply: {
          body: {
            secret: "JBSWY3DPEHPK3PXP",
            otpauthUri: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
            qrSvg: QR,
          },
        },
      },
      {
        method: "POST",
        path: CONFIRM,
        reply: problem(400, "invalid_code", "The code is not valid. Check the time on your phone."),
        times: 1,
      },
      { method: "POST", path: CONFIRM, reply: { body: { recoveryCodes: CODES } } },
    ]);
    const { user } = renderWithProviders(<TwoFactorSettings />, { user: makeUser() });
    // After render: user-event installs its own clipboard stub when it is set up.
    const writeText = vi.spyOn(navigator.clipboard, "writeText");

    expect(screen.getByText("Off")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Set up two-factor authentication" }));

    expect(await screen.findByTestId("totp-secret")).toHaveTextContent("JBSWY3DPEHPK3PXP");
    const qr = screen.getByRole("img", { name: /QR code/ });
    expect(qr.getAttribute("src")).toBe(
      `data:image/svg+xml;charset=utf-8,${encodeURIComponent(QR)}`,
    );

    await user.click(screen.getByRole("button", { name: "Confirm and turn on" }));
    expect(
      screen.getByText("Enter the 6-digit code from your authenticator app."),
    ).toBeInTheDocument();
    expect(api.callsTo("POST", CONFIRM)).toHaveLength(0);

    await user.type(screen.getByLabelText("Code from the app"), "111111");
    await user.click(screen.getByRole("button", { name: "Confirm and turn on" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The code is not valid. Check the time on your phone.",
    );

    await user.clear(screen.getByLabelText("Code from the app"));
    await user.type(screen.getByLabelText("Code from the app"), "222222");
    await user.click(screen.getByRole("button", { name: "Confirm and turn on" }));

    const list = await screen.findByRole("list", { name: "Recovery codes" });
    expect(list).toHaveTextContent(CODES.join(""));
    expect(api.callsTo("POST", CONFIRM).map((c) => c.body)).toEqual([
      { code: "111111" },
      { code: "222222" },
    ]);
    expect(screen.getByText("On")).toBeInTheDocument();
    expect(session.getState().user?.twoFactorEnabled).toBe(true);

    await user.click(screen.getByRole("button", { name: "Copy codes" }));
    expect(writeText).toHaveBeenCalledWith(CODES.join("\n"));
    expect(screen.getByRole("button", { name: "Copied" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "I have saved them" }));
    expect(screen.queryByRole("list", { name: "Recovery codes" })).not.toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Turn off two-factor authentication" }),
    ).toBeInTheDocument();
  });

  it("shows the server's reason when set-up cannot start", async () => {
    mockFetch([
      {
        method: "POST",
        path: SETUP,
        reply: problem(409, "two_factor_enabled", "Two-factor authentication is already on."),
      },
    ]);
    const { user } = renderWithProviders(<TwoFactorSettings />, { user: makeUser() });
    await user.click(screen.getByRole("button", { name: "Set up two-factor authentication" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Two-factor authentication is already on.",
    );
  });

  it("turns two-factor off only with the right password", async () => {
    const api = mockFetch([
      {
        method: "POST",
        path: DISABLE,
        reply: problem(400, "wrong_password", "The password is incorrect."),
        times: 1,
      },
      { method: "POST", path: DISABLE, reply: { status: 204 } },
    ]);
    const { user } = renderWithProviders(<TwoFactorSettings />, {
      user: makeUser({ twoFactorEnabled: true }),
    });
    expect(screen.getByText("On")).toBeInTheDocument();
    const button = screen.getByRole("button", { name: "Turn off two-factor authentication" });

    await user.click(button);
    expect(screen.getByText("Enter your password to turn this off.")).toBeInTheDocument();

    await user.type(screen.getByLabelText("Password"), "not-it");
    await user.click(button);
    expect(await screen.findByRole("alert")).toHaveTextContent("The password is incorrect.");
    expect(screen.getByText("On")).toBeInTheDocument();

    await user.type(screen.getByLabelText("Password"), "demo-password");
    await user.click(button);
    await waitFor(() => expect(screen.getByText("Off")).toBeInTheDocument());
    expect(api.callsTo("POST", DISABLE).map((c) => c.body)).toEqual([
      { password: "not-it" },
      { password: "demo-password" },
    ]);
    expect(
      screen.getByRole("button", { name: "Set up two-factor authentication" }),
    ).toBeInTheDocument();
  });
});
