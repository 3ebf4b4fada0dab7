// Recharts writes a legend's or a tooltip's label in its series' colour: too faint for text with
// most of the Okabe-Ito palette (the orange is 2.3:1 on white, the blue 3.4:1 on the dark theme).
// These give that text the chart's text colour; the swatch beside a legend's label, and the name
// in a tooltip, tell the series apart.

/** Props for a Recharts `<Tooltip>`. */
export const CHART_TOOLTIP = {
  contentStyle: { borderRadius: 8, fontSize: 12, color: "#18181b" },
  labelStyle: { fontWeight: 600 },
  itemStyle: { color: "#18181b" },
};

/** A Recharts `<Legend formatter>`. */
export function chartLegendLabel(value: string) {
  return <span className="text-zinc-600 dark:text-zinc-400">{value}</span>;
}
