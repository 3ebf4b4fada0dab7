"use client";

import { useState } from "react";

import { useJobActions } from "@/features/jobs";
import type { Job, JobItem } from "@/lib/api/types";
import { Button, ConfirmButton } from "@/ui";

import { canTouchUp, canUndoTouchUps } from "../touchUp";
import { TouchUpDialog } from "./TouchUpDialog";

/**
 * A photo's touch-up controls: "Touch up" opens the brush (erase, restore) on a finished cut-out,
 * "Undo touch-ups" goes back to the automatic cut-out. Nothing while the job runs.
 */
export function TouchUpActions({ job, item }: { job: Job; item: JobItem }) {
  const { touchUp, undoTouchUp } = useJobActions();
  const [open, setOpen] = useState(false);
  const paintable = canTouchUp(job, item);
  const undoable = canUndoTouchUps(job, item);
  if (!paintable && !undoable) return null;
  const busy = touchUp.isPending || undoTouchUp.isPending;
  const placement = item.inputPlacement;
  return (
    <div className="flex flex-wrap gap-2">
      {paintable && item.outputUrl && placement && (
        <>
          <Button
            variant="secondary"
            size="sm"
            className="flex-1"
            disabled={busy}
            onClick={() => setOpen(true)}
          >
            Touch up <span className="sr-only">{item.originalName}</span>
          </Button>
          {open && (
            <TouchUpDialog
              src={item.outputUrl}
              name={item.originalName}
              natural={{ width: placement.outputWidth, height: placement.outputHeight }}
              original={item.inputUrl ? { src: item.inputUrl, placement } : null}
              submitting={touchUp.isPending}
              onClose={() => setOpen(false)}
              onSubmit={(body) =>
                touchUp.mutate(
                  { jobId: job.id, itemId: item.id, body },
                  { onSuccess: () => setOpen(false) },
                )
              }
            />
          )}
        </>
      )}
      {undoable && (
        <ConfirmButton
          variant="ghost"
          confirmLabel="Remove all touch-ups"
          disabled={busy}
          onConfirm={() => undoTouchUp.mutate({ jobId: job.id, itemId: item.id })}
        >
          Undo touch-ups <span className="sr-only">of {item.originalName}</span>
        </ConfirmButton>
      )}
    </div>
  );
}
