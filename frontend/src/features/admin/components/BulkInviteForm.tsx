"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import { ROLE_LABELS, type BulkInvitations } from "@/lib/api/types";
import { useSubmit } from "@/lib/useSubmit";
import { Alert, Badge, Button, Table, Td, Th } from "@/ui";

import { InvitationLink } from "./InvitationLink";

type Line = BulkInvitations["lines"][number];

// The server's limit (BulkInvitationIn.csv): refused here before the upload.
const MAX_CSV_CHARACTERS = 200_000;

/** Invite many people from a CSV file: check every line first, then invite the good ones. */
export function BulkInviteForm({ onCancel }: { onCancel?: () => void }) {
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [result, setResult] = useState<BulkInvitations | null>(null);
  const { pending, error, setError, submit } = useSubmit();

  const send = async (text: string, create: boolean) => {
    const outcome = await submit(() =>
      api.POST("/api/v1/users/invitations/bulk", { body: { csv: text, create } }),
    );
    if (!outcome.ok) return;
    setResult(outcome.data);
    if (create) void queryClient.invalidateQueries({ queryKey: queryKeys.invitations });
  };

  const onFile = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setResult(null);
    setCsv(null);
    if (!file) return;
    setFileName(file.name);
    let text: string;
    try {
      text = await readText(file);
    } catch {
      setError("The file could not be read.");
      return;
    }
    if (text.length > MAX_CSV_CHARACTERS) {
      setError("The file is too large: split it into files of at most 500 lines.");
      return;
    }
    setCsv(text);
    await send(text, false);
  };

  const created = result !== null && result.created > 0;
  return (
    <div className="space-y-5" aria-label="Invite from a CSV file" role="form">
      {error && <Alert tone="error">{error}</Alert>}
      <div>
        <label
          htmlFor="bulk-invite-file"
          className="block text-sm font-medium text-zinc-800 dark:text-zinc-200"
        >
          CSV file
        </label>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
          One person a line: name, e-mail, role (admin, manager or salesperson; empty means
          salesperson), manager&apos;s e-mail (optional). A first line naming the columns is
          allowed. Nothing is sent until you confirm.
        </p>
        <input
          id="bulk-invite-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(event) => void onFile(event)}
          className="mt-2 block text-sm"
        />
      </div>
      {result && (
        <>
          <Alert tone={result.invalid ? "warning" : created ? "success" : "info"}>
            {summary(result, fileName)}
          </Alert>
          <BulkLines lines={result.lines} />
        </>
      )}
      <div className="flex gap-3">
        {result && !created && result.valid > 0 && csv !== null && (
          <Button loading={pending} onClick={() => void send(csv, true)}>
            Invite {result.valid} {result.valid === 1 ? "person" : "people"}
          </Button>
        )}
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Close
          </Button>
        )}
      </div>
    </div>
  );
}

/** The file's text (FileReader: `Blob.text()` is missing from older browsers and jsdom). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    reader.readAsText(file);
  });
}

function summary(result: BulkInvitations, fileName: string): string {
  const skipped = result.invalid
    ? ` ${result.invalid} ${result.invalid === 1 ? "line has" : "lines have"} errors and ` +
      `${result.created ? "were" : "will be"} skipped.`
    : "";
  const unsent = result.lines.some((line) => line.invitation && !line.invitation.emailSent);
  const links = unsent
    ? " No mail server is set up, so no e-mail was sent: pass each link on."
    : "";
  if (result.created) return `${result.created} invited from ${fileName}.${skipped}${links}`;
  return `${result.valid} of ${result.valid + result.invalid} lines of ${fileName} are ready to invite.${skipped}`;
}

function BulkLines({ lines }: { lines: Line[] }) {
  return (
    <Table caption="Lines of the file">
      <thead>
        <tr>
          <Th>Line</Th>
          <Th>Name</Th>
          <Th>E-mail</Th>
          <Th>Role</Th>
          <Th>Manager</Th>
          <Th>Result</Th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.line}>
            <Td className="tabular-nums">{line.line}</Td>
            <Td>{line.name}</Td>
            <Td>{line.email}</Td>
            <Td>{line.role ? ROLE_LABELS[line.role] : ""}</Td>
            <Td>{line.managerEmail ?? ""}</Td>
            <Td>
              <LineResult line={line} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function LineResult({ line }: { line: Line }) {
  if (line.errors.length)
    return (
      <ul className="space-y-0.5 text-red-700 dark:text-red-300">
        {line.errors.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    );
  const invitation = line.invitation;
  if (!invitation) return <Badge>Ready</Badge>;
  if (invitation.inviteUrl)
    return <InvitationLink url={invitation.inviteUrl} email={invitation.email} />;
  return <Badge tone="success">E-mail sent</Badge>;
}
