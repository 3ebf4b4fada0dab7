"use client";

import { useId } from "react";

import type { Invitation } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";
import { Alert, Button, CONTROL_CLASSES, cx } from "@/ui";
import { useToast } from "@/ui/Toaster";

/** What became of an invitation: sent by e-mail, or (no mail server) the link to pass on. */
export function InvitationOutcome({ invitation }: { invitation: Invitation }) {
  if (invitation.emailSent || !invitation.inviteUrl) {
    return (
      <Alert tone="success">
        Invitation sent to <strong className="font-medium">{invitation.email}</strong>. The link in
        the e-mail is valid for a limited time.
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title={`No e-mail was sent to ${invitation.email}`}>
      <p>
        No mail server is set up, so pass this link on yourself. It works once, until{" "}
        {formatDateTime(invitation.expiresAt)}.
      </p>
      <InvitationLink url={invitation.inviteUrl} email={invitation.email} />
    </Alert>
  );
}

export function InvitationLink({ url, email }: { url: string; email: string }) {
  const notify = useToast();
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      notify("Link copied.");
    } catch {
      notify("The link could not be copied: select it and copy it by hand.", "error");
    }
  };
  return (
    <div className="mt-2 flex gap-2">
      <label htmlFor={id} className="sr-only">
        Invitation link for {email}
      </label>
      <input
        id={id}
        readOnly
        value={url}
        onFocus={(event) => event.target.select()}
        className={cx(CONTROL_CLASSES, "h-8 min-w-0 flex-1 font-mono text-xs")}
      />
      <Button size="sm" variant="secondary" onClick={() => void copy()}>
        Copy link
      </Button>
    </div>
  );
}
