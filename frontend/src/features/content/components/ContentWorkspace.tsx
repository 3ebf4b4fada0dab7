"use client";

import Link from "next/link";
import { useState } from "react";

import { useVehicle, vehicleHref, vehicleName } from "@/features/vehicles";
import { errorMessage } from "@/lib/api/call";
import { useDealership } from "@/lib/api/queries";
import { useUser } from "@/lib/auth/AuthProvider";
import { formatDateTime } from "@/lib/format";
import { Alert, Badge, Button, Card, CardBody, CardHeader, cx, TextField } from "@/ui";

import { useSaveText, useTransitions, type ContentItem, type ContentUpdate } from "../api";
import { channelLabel, STATUS_BADGE } from "../labels";
import { FallbackNotice } from "./FallbackNotice";
import { LintedEditor } from "./LintedEditor";
import { OutputActions } from "./OutputActions";
import { ContentPreview } from "./previews/ContentPreview";
import { ReviewActions } from "./ReviewActions";
import { RevisionList } from "./RevisionList";
import { VariantPicker } from "./VariantPicker";

interface Draft {
  text: string;
  subject: string;
  preheader: string;
}

const draftOf = (item: ContentItem): Draft => ({
  text: item.content.text,
  subject: item.content.subject ?? "",
  preheader: item.content.preheader ?? "",
});

/** The first processed photo of the item's vehicle, for the previews. */
function usePhoto(vehicleId: string | null) {
  const vehicle = useVehicle(vehicleId);
  const photo = vehicle.data?.photos.flatMap((job) => job.items)[0];
  return { vehicle: vehicle.data, photoUrl: photo?.url ?? null };
}

/**
 * One piece of copy from variants to published: choose a variant, edit it with the linter's
 * findings underlined, preview it as the audience will see it, submit it, and (for a manager)
 * publish or send it back. The outputs are ready once it is published.
 */
export function ContentWorkspace({ item }: { item: ContentItem }) {
  const user = useUser();
  const dealership = useDealership();
  const { vehicle, photoUrl } = usePhoto(item.vehicleId);
  const [draft, setDraft] = useState<Draft>(() => draftOf(item));
  const [saveError, setSaveError] = useState<string | null>(null);
  const save = useSaveText();
  const { submit } = useTransitions();

  // Published copy is not changed in place: editing it makes a new draft that goes through
  // review again (the server keeps the published revision on record).
  const [unlocked, setUnlocked] = useState(false);

  // A new revision from the server (a variant chosen, a transition) replaces the local copy.
  const revisionKey = `${item.id}:${item.revision}:${item.status}`;
  const [syncedKey, setSyncedKey] = useState(revisionKey);
  if (syncedKey !== revisionKey) {
    setSyncedKey(revisionKey);
    setDraft(draftOf(item));
    setUnlocked(false);
  }

  const editable = item.status === "draft" || unlocked;
  const email = item.channel === "email";
  const saved = draftOf(item);
  const dirty =
    draft.text !== saved.text ||
    (email && (draft.subject !== saved.subject || draft.preheader !== saved.preheader));
  const chosen = item.content.variants.findIndex((variant) => variant.text === draft.text);

  const changes = (): ContentUpdate => ({
    content: {
      text: draft.text,
      ...(email ? { subject: draft.subject, preheader: draft.preheader } : {}),
    },
  });
  const persist = async (body: ContentUpdate): Promise<boolean> => {
    setSaveError(null);
    try {
      await save.mutateAsync({ id: item.id, body });
      return true;
    } catch (error) {
      setSaveError(errorMessage(error));
      return false;
    }
  };
  const sendForReview = async () => {
    if (dirty && !(await persist(changes()))) return;
    submit.mutate(item.id);
  };

  const status = STATUS_BADGE[item.status];
  const errors = item.findings.filter((finding) => finding.severity === "error").length;

  return (
    <div className="space-y-6" data-testid="content-workspace" data-status={item.status}>
      <Card>
        <CardHeader
          title={item.title}
          description={
            <>
              {channelLabel(item.channel)}
              {vehicle && (
                <>
                  {" · "}
                  <Link href={vehicleHref(vehicle.id)} className="hover:underline">
                    {vehicleName(vehicle)}
                  </Link>
                </>
              )}
              {item.ownerName && ` · by ${item.ownerName}`}
              {` · updated ${formatDateTime(item.updatedAt)}`}
            </>
          }
          actions={
            <Badge tone={status.tone}>
              <span data-testid="content-status">{status.label}</span>
            </Badge>
          }
        />
        <CardBody className="space-y-4">
          {item.content.fallbackReason && <FallbackNotice reason={item.content.fallbackReason} />}
          {item.reviewComment && item.status === "draft" && (
            <Alert tone="warning" title="Sent back by your manager">
              {item.reviewComment}
            </Alert>
          )}
          {item.status === "review" && (
            <Alert tone="info">
              {item.ownerId === user.id
                ? "Waiting for a manager's review. You can edit it again if it is sent back."
                : "Waiting for review."}
            </Alert>
          )}
          {editable && item.content.variants.length > 1 && (
            <section aria-labelledby="variants-title" className="space-y-3">
              <h3
                id="variants-title"
                className="text-sm font-medium text-zinc-800 dark:text-zinc-200"
              >
                Variants: choose one to edit
              </h3>
              <VariantPicker
                variants={item.content.variants}
                chosen={chosen >= 0 ? chosen : null}
                onChoose={(index) => void persist({ selectedVariant: index })}
              />
            </section>
          )}
        </CardBody>
      </Card>

      <div
        className={cx(
          "grid items-start gap-6",
          // A scene table needs the page's width; other previews sit beside the editor.
          item.channel !== "video" && "xl:grid-cols-2",
        )}
      >
        <Card>
          <CardHeader
            title="Copy"
            description={editable ? "Problems are underlined as you type." : undefined}
          />
          <CardBody className="space-y-4">
            {email && (
              <div className="space-y-3">
                <TextField
                  label="Subject"
                  value={draft.subject}
                  disabled={!editable}
                  maxLength={300}
                  hint={`${draft.subject.length}/60 characters show in most inboxes`}
                  onChange={(event) => setDraft({ ...draft, subject: event.target.value })}
                />
                <TextField
                  label="Preheader"
                  value={draft.preheader}
                  disabled={!editable}
                  maxLength={300}
                  onChange={(event) => setDraft({ ...draft, preheader: event.target.value })}
                />
              </div>
            )}
            <LintedEditor
              id={`copy-${item.id}`}
              label={email ? "Plain-text body" : "Text"}
              value={draft.text}
              onChange={(text) => setDraft({ ...draft, text })}
              channel={item.channel}
              subject={email ? draft.subject : null}
              offer={item.settings.offer ?? null}
              vehicleId={item.vehicleId}
              disabled={!editable}
              rows={item.channel === "sms" ? 4 : 10}
            />
            {saveError && <Alert tone="error">{saveError}</Alert>}
            {submit.error && <Alert tone="error">{submit.error.message}</Alert>}
            <div className="flex flex-wrap items-center gap-2">
              {editable && (
                <>
                  <Button
                    variant="secondary"
                    disabled={!dirty}
                    loading={save.isPending && !submit.isPending}
                    onClick={() => void persist(changes())}
                  >
                    {dirty ? "Save draft" : "Saved"}
                  </Button>
                  <Button loading={submit.isPending} onClick={() => void sendForReview()}>
                    Submit for review
                  </Button>
                  {errors > 0 && !dirty && (
                    <span className="text-xs text-zinc-500 dark:text-zinc-400">
                      A manager cannot publish it until the{" "}
                      {errors === 1 ? "error is" : "errors are"} fixed.
                    </span>
                  )}
                </>
              )}
            </div>
            {!editable && (
              <div className="flex flex-wrap items-center gap-2">
                <Button variant="secondary" size="sm" onClick={() => setUnlocked(true)}>
                  {item.status === "published" ? "Edit a new version" : "Edit again"}
                </Button>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">
                  {item.status === "published"
                    ? "The published copy stays on record; your changes go through review again."
                    : "Saving a change takes it out of review until it is submitted again."}
                </span>
              </div>
            )}
            <ReviewActions item={item} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Preview" description="As your audience will see it." />
          <CardBody className="space-y-4">
            <ContentPreview
              copy={{
                channel: item.channel,
                title: item.title,
                text: draft.text,
                subject: draft.subject,
                preheader: draft.preheader,
                // Edited text rebuilds the HTML body on save; until then the frame shows the last saved one.
                html: item.content.html,
                scenes: item.content.scenes,
                photoUrl,
                dealerName: dealership.data?.name,
              }}
            />
            {email && dirty && item.content.html && (
              <p className="text-xs text-zinc-500 dark:text-zinc-400">
                The HTML tab shows the last saved version; saving rebuilds it from your text.
              </p>
            )}
            <OutputActions item={item} text={draft.text} edited={dirty} />
          </CardBody>
        </Card>
      </div>
      <RevisionList revisions={item.revisions} />
    </div>
  );
}
