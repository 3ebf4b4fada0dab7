import { cx } from "@/ui";

type Tone = "brand" | "success" | "warning" | "danger" | "neutral";

const FILLS: Record<Tone, string> = {
  brand: "bg-brand-600 dark:bg-brand-500",
  success: "bg-emerald-500",
  warning: "bg-amber-500",
  danger: "bg-red-500",
  neutral: "bg-zinc-400 dark:bg-zinc-500",
};

/** A determinate bar; `value` is 0-100. */
export function ProgressBar({
  value,
  label,
  tone = "brand",
  size = "md",
  className,
  valueText,
}: {
  value: number;
  label: string;
  tone?: Tone;
  size?: "sm" | "md";
  className?: string;
  valueText?: string;
}) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <span
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      aria-valuetext={valueText ?? `${clamped} %`}
      className={cx(
        "block w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800",
        size === "sm" ? "h-1.5" : "h-2",
        className,
      )}
    >
      <span
        className={cx(
          "block h-full rounded-full transition-[width] duration-500 ease-out",
          FILLS[tone],
        )}
        style={{ width: `${clamped}%` }}
      />
    </span>
  );
}
