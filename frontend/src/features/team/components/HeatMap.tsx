import Link from "next/link";

import { cx, RowTh, Table, Td, Th } from "@/ui";

import type { Member } from "../api";
import { MEASURES, STATUS, statusOf, type StatusKey } from "../labels";
import { personHref } from "../links";

const LEGEND: StatusKey[] = ["good", "fair", "poor", "unrated", "none"];

/**
 * People by key measures, each cell coloured against the training targets. It is a real table:
 * every cell also says its figure and its state in words and a symbol, so nothing rests on colour.
 */
export function HeatMap({ members }: { members: readonly Member[] }) {
  return (
    <div>
      <Table caption="Skills heat map: each person's 30-day measures against the targets">
        <thead>
          <tr>
            <Th compact>Person</Th>
            {MEASURES.map((measure) => (
              <Th key={measure.key} compact className="text-center">
                {measure.label}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.userId} data-testid="heatmap-row">
              <RowTh compact className="whitespace-nowrap">
                <Link href={personHref(member.userId)} className="hover:underline">
                  {member.name}
                </Link>
              </RowTh>
              {MEASURES.map((measure) => {
                const value = member.measures[measure.key];
                const key = statusOf(value, member.measureStatus[measure.key]);
                const state = STATUS[key];
                const figure = value == null ? "—" : measure.format(value);
                return (
                  <Td key={measure.key} compact className="text-center">
                    <span
                      data-status={key}
                      title={`${member.name} · ${measure.label}: ${figure} (${state.label.toLowerCase()})`}
                      className={cx(
                        "flex items-center justify-center gap-1.5 rounded-md px-2 py-2 text-sm font-medium tabular-nums",
                        state.cell,
                      )}
                    >
                      <span aria-hidden="true">{state.symbol}</span>
                      {/* With no figure the symbol alone says "no data": a dash beside it
                          would read as a second, different mark. */}
                      {value == null ? (
                        <span className="sr-only">{state.label}</span>
                      ) : (
                        <>
                          {figure}
                          <span className="sr-only">, {state.label.toLowerCase()}</span>
                        </>
                      )}
                    </span>
                  </Td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </Table>
      <ul
        className="flex flex-wrap gap-3 px-5 py-3 text-xs text-zinc-600 dark:text-zinc-400"
        aria-label="Legend"
      >
        {LEGEND.map((key) => (
          <li key={key} className="flex items-center gap-1.5">
            <span
              aria-hidden="true"
              className={cx(
                "inline-flex size-5 items-center justify-center rounded",
                STATUS[key].cell,
              )}
            >
              {STATUS[key].symbol}
            </span>
            {STATUS[key].label}
          </li>
        ))}
      </ul>
    </div>
  );
}
