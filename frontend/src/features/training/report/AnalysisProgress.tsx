import { ProgressBar } from "@/features/jobs";
import { Card } from "@/ui";

import type { Session } from "../api";

export function AnalysisProgress({ session }: { session: Session }) {
  const analysis = session.analysis!;
  const queued = analysis.status === "pending";
  return (
    <Card className="p-6" data-testid="analysis-progress">
      <div className="space-y-3">
        <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
          {queued ? "Waiting for a worker to analyse the recording…" : "Analysing the recording…"}
        </p>
        <ProgressBar value={analysis.progress} label="Analysis progress" />
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          The whole recording is transcribed again, word by word, then measured and scored. This
          page updates by itself.
        </p>
      </div>
    </Card>
  );
}
