"use client";

import { useState } from "react";

import { api } from "@/lib/api/client";
import type { TwoFactorSetup } from "@/lib/api/types";
import { useAuth, useUser } from "@/lib/auth/AuthProvider";
import { useSubmit } from "@/lib/useSubmit";
import { validateRequired, validateTotp } from "@/lib/validation";
import { Alert, Badge, Button, CardBody, TextField } from "@/ui";
import { CheckIcon, CopyIcon } from "@/ui/icons";
import { SettingsSection } from "@/ui/Section";

type Phase =
  | { kind: "idle" }
  | { kind: "enrolling"; setup: TwoFactorSetup }
  | { kind: "recovery"; codes: string[] };

export function TwoFactorSettings() {
  const user = useUser();
  const { updateUser } = useAuth();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const { pending, error, submit } = useSubmit();

  const start = async () => {
    const result = await submit(() => api.POST("/api/v1/auth/two-factor/setup"));
    if (result.ok) setPhase({ kind: "enrolling", setup: result.data });
  };

  const enabled = user.twoFactorEnabled;
  const status = <Badge tone={enabled ? "success" : "neutral"}>{enabled ? "On" : "Off"}</Badge>;

  let body: React.ReactNode;
  if (phase.kind === "enrolling") {
    body = (
      <Enrol
        setup={phase.setup}
        onCancel={() => setPhase({ kind: "idle" })}
        onConfirmed={(codes) => {
          updateUser({ ...user, twoFactorEnabled: true });
          setPhase({ kind: "recovery", codes });
        }}
      />
    );
  } else if (phase.kind === "recovery") {
    body = <RecoveryCodes codes={phase.codes} onDone={() => setPhase({ kind: "idle" })} />;
  } else if (enabled) {
    body = <Disable onDisabled={() => updateUser({ ...user, twoFactorEnabled: false })} />;
  } else {
    body = (
      <CardBody className="space-y-4">
        {error && <Alert tone="error">{error}</Alert>}
        <p className="max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
          Protect your account with a second step at sign-in: a 6-digit code from an authenticator
          app such as Google Authenticator, 1Password or Authy.
        </p>
        <Button onClick={() => void start()} loading={pending}>
          Set up two-factor authentication
        </Button>
      </CardBody>
    );
  }

  return (
    <SettingsSection
      id="two-factor"
      title="Two-factor authentication"
      description="A code from your phone in addition to your password."
      actions={status}
    >
      {body}
    </SettingsSection>
  );
}

function Enrol({
  setup,
  onCancel,
  onConfirmed,
}: {
  setup: TwoFactorSetup;
  onCancel: () => void;
  onConfirmed: (codes: string[]) => void;
}) {
  const [code, setCode] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const { pending, error, submit } = useSubmit();
  // As an <img>, the server's SVG is drawn but can never run script.
  const qrSource = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`;

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const problem = validateTotp(code);
    setFieldError(problem);
    if (problem) return;
    const result = await submit(() =>
      api.POST("/api/v1/auth/two-factor/confirm", { body: { code: code.replace(/\s+/g, "") } }),
    );
    if (result.ok) onConfirmed(result.data.recoveryCodes);
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Set up two-factor authentication">
      <CardBody className="grid gap-6 md:grid-cols-[auto_1fr]">
        <div className="flex flex-col items-center gap-2">
          {/* eslint-disable-next-line @next/next/no-img-element -- inline data URI */}
          <img
            src={qrSource}
            alt="QR code to scan with your authenticator app"
            width={176}
            height={176}
            className="size-44 rounded-lg border border-zinc-200 bg-white p-2 dark:border-zinc-700"
          />
        </div>
        <div className="min-w-0 space-y-5">
          <ol className="list-decimal space-y-1 pl-5 text-sm text-zinc-600 dark:text-zinc-400">
            <li>Scan the QR code with your authenticator app.</li>
            <li>Or enter this key by hand:</li>
          </ol>
          <p
            className="break-all rounded-md bg-zinc-100 px-3 py-2 font-mono text-sm text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100"
            data-testid="totp-secret"
            aria-label="Setup key"
          >
            {setup.secret}
          </p>
          {error && <Alert tone="error">{error}</Alert>}
          <TextField
            label="Code from the app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            className="max-w-40 font-mono tracking-[0.3em]"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            error={fieldError}
          />
          <div className="flex gap-3">
            <Button type="submit" loading={pending}>
              Confirm and turn on
            </Button>
            <Button variant="ghost" onClick={onCancel}>
              Cancel
            </Button>
          </div>
        </div>
      </CardBody>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const [copyError, setCopyError] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      setCopied(true);
      setCopyError(null);
    } catch {
      setCopyError("Copying is blocked in this browser; select the codes and copy them by hand.");
    }
  };
  return (
    <CardBody className="space-y-5">
      <Alert tone="success" title="Two-factor authentication is on">
        Save these recovery codes somewhere safe. Each one signs you in once if you lose your phone.
        They are shown only now.
      </Alert>
      <ul
        aria-label="Recovery codes"
        className="grid max-w-md grid-cols-2 gap-x-6 gap-y-1.5 rounded-lg border border-zinc-200 bg-zinc-50 p-4 font-mono text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-100"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      {copyError && <Alert tone="warning">{copyError}</Alert>}
      <div className="flex gap-3">
        <Button variant="secondary" onClick={() => void copy()}>
          {copied ? <CheckIcon /> : <CopyIcon />}
          {copied ? "Copied" : "Copy codes"}
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
    </CardBody>
  );
}

function Disable({ onDisabled }: { onDisabled: () => void }) {
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const { pending, error, submit } = useSubmit();

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const problem = validateRequired(password, "Enter your password to turn this off.");
    setFieldError(problem);
    if (problem) return;
    const result = await submit(() =>
      api.POST("/api/v1/auth/two-factor/disable", { body: { password } }),
    );
    setPassword("");
    if (result.ok) onDisabled();
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Turn off two-factor authentication">
      <CardBody className="max-w-md space-y-5">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Sign-in asks for a code from your authenticator app. To turn this off, confirm your
          password; your recovery codes stop working.
        </p>
        {error && <Alert tone="error">{error}</Alert>}
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldError}
        />
        <Button type="submit" variant="danger" loading={pending}>
          Turn off two-factor authentication
        </Button>
      </CardBody>
    </form>
  );
}
