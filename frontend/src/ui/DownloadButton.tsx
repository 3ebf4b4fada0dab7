"use client";

import { useState } from "react";

import { errorMessage } from "@/lib/api/call";
import { Button } from "@/ui/Button";
import { DownloadIcon } from "@/ui/icons";
import { useToast } from "@/ui/Toaster";

/** A button that fetches a file and saves it (`download`), busy meanwhile; a failure is a toast
 * in words. */
export function DownloadButton({
  download,
  children,
}: {
  download: () => Promise<void>;
  children: React.ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const notify = useToast();
  return (
    <Button
      variant="secondary"
      size="sm"
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await download();
        } catch (error) {
          notify(errorMessage(error), "error");
        } finally {
          setBusy(false);
        }
      }}
    >
      {!busy && <DownloadIcon className="size-4" />}
      {children}
    </Button>
  );
}
