import { Alert } from "@/ui";

/**
 * Shown when the configured writing model failed and the offline writer stood in: `reason` is
 * the server's few words on why (a timeout, a refused connection).
 */
export function FallbackNotice({ reason }: { reason: string }) {
  return (
    <Alert tone="warning" title="Written by the built-in writer">
      The writing model did not answer ({reason}): these drafts come from the built-in writer. Every
      number in them is checked against the vehicle and the offer.
    </Alert>
  );
}
