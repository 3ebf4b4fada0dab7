"use client";

import { useState } from "react";

import { errorMessage } from "@/lib/api/call";
import { useUser } from "@/lib/auth/AuthProvider";
import { validateEmail } from "@/lib/validation";
import { Button, DownloadButton, SelectFilter, TextField } from "@/ui";
import { CheckIcon, CopyIcon, MailIcon } from "@/ui/icons";
import { useToast } from "@/ui/Toaster";

import {
  contentCalls,
  downloadOutput,
  useExportText,
  type CardLayout,
  type ContentItem,
  type Download,
} from "../api";

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const notify = useToast();
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          window.setTimeout(() => setCopied(false), 2000);
        } catch {
          notify("The browser did not allow copying: select the text and copy it.", "error");
        }
      }}
    >
      {copied ? <CheckIcon className="size-4" /> : <CopyIcon className="size-4" />}
      {copied ? "Copied" : "Copy text"}
    </Button>
  );
}

function OutputDownload({
  item,
  kind,
  label,
  layout,
}: {
  item: ContentItem;
  kind: Download;
  label: string;
  layout?: CardLayout;
}) {
  return (
    <DownloadButton download={() => downloadOutput(item, kind, layout)}>{label}</DownloadButton>
  );
}

const LAYOUTS: { value: CardLayout; label: string }[] = [
  { value: "square", label: "Square" },
  { value: "portrait", label: "Portrait" },
  { value: "landscape", label: "Landscape" },
];

function CardDownload({ item }: { item: ContentItem }) {
  const [layout, setLayout] = useState<CardLayout>(
    item.channel === "instagram" ? "square" : "landscape",
  );
  return (
    <span className="inline-flex max-w-full flex-wrap items-center gap-1.5">
      <OutputDownload item={item} kind="card.png" label="Download PNG card" layout={layout} />
      <SelectFilter
        id={`card-layout-${item.id}`}
        label="Card layout"
        value={layout}
        onValue={setLayout}
        options={LAYOUTS}
      />
    </span>
  );
}

function TestEmail({ item }: { item: ContentItem }) {
  // Before publication the server sends a proof to oneself only: start from one's own address.
  const me = useUser();
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState(me.email);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const notify = useToast();
  if (!open) {
    return (
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        <MailIcon className="size-4" /> Send test e-mail
      </Button>
    );
  }
  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    const list = to
      .split(/[\s,;]+/)
      .map((each) => each.trim())
      .filter(Boolean);
    if (list.length === 0 || list.some((each) => validateEmail(each) !== null)) {
      setError("Enter one or more valid e-mail addresses, separated by commas.");
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await contentCalls.sendEmail(item.id, list);
      notify(`Test e-mail sent to ${list.join(", ")}.`);
      setOpen(false);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={send}
      className="flex w-full flex-wrap items-end gap-2"
      aria-label="Send test e-mail"
    >
      <TextField
        label="Test recipients"
        type="text"
        value={to}
        onChange={(event) => setTo(event.target.value)}
        error={error}
        placeholder="you@dealership.example"
        hint={
          item.status === "published"
            ? "Up to 20 addresses, separated by commas."
            : "Until it is published, the proof goes to your own address only."
        }
        fieldClassName="min-w-64 flex-1"
        autoFocus
      />
      <Button type="submit" size="md" loading={busy}>
        Send
      </Button>
      <Button variant="ghost" size="md" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </form>
  );
}

/** What to do with finished copy: copy it, download the card or the ad, send a test e-mail. */
export function OutputActions({
  item,
  text,
  edited,
}: {
  item: ContentItem;
  text: string;
  /** True while the editor holds changes not saved yet: those are what gets copied. */
  edited: boolean;
}) {
  const channel = item.channel;
  const exported = useExportText(item);
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="output-actions">
      <CopyButton text={!edited && exported.data ? exported.data : text} />
      {channel === "print" ? (
        <OutputDownload item={item} kind="print.pdf" label="Download PDF" />
      ) : channel !== "email" && channel !== "sms" && channel !== "video" ? (
        <CardDownload item={item} />
      ) : null}
      {channel === "email" && <TestEmail item={item} />}
    </div>
  );
}
