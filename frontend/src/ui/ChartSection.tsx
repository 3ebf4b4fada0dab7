"use client";

import { useState } from "react";

import { Card, CardBody, CardHeader } from "@/ui/Card";
import { cx } from "@/ui/cx";

type View = "chart" | "table";

const VIEWS: { value: View; label: string }[] = [
  { value: "chart", label: "Chart" },
  { value: "table", label: "Table" },
];

/**
 * A card holding a chart and the same figures as a table, with a switch between the two: the
 * table is what screen readers, keyboard users and anyone copying numbers read.
 */
export function ChartSection({
  id,
  title,
  description,
  actions,
  chart,
  table,
}: {
  id: string;
  title: string;
  description?: React.ReactNode;
  /** Controls shown before the view switch (e.g. which score to draw). */
  actions?: React.ReactNode;
  chart: React.ReactNode;
  table: React.ReactNode;
}) {
  const [view, setView] = useState<View>("chart");
  return (
    <Card aria-labelledby={`${id}-title`} id={id}>
      <CardHeader
        title={title}
        titleId={`${id}-title`}
        description={description}
        actions={
          <>
            {actions}
            <div
              role="group"
              aria-label={`Show ${title.toLowerCase()} as`}
              className="inline-flex rounded-lg border border-zinc-300 p-0.5 dark:border-zinc-700"
            >
              {VIEWS.map((option) => (
                <button
                  key={option.value}
                  type="button"
                  aria-pressed={view === option.value}
                  onClick={() => setView(option.value)}
                  className={cx(
                    "rounded-md px-2.5 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-brand-500",
                    view === option.value
                      ? "bg-brand-600 text-white dark:bg-brand-500"
                      : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
                  )}
                >
                  {option.label}
                </button>
              ))}
            </div>
          </>
        }
      />
      {view === "chart" ? <CardBody>{chart}</CardBody> : table}
    </Card>
  );
}
