import { cx } from "@/ui/cx";
import { CONTROL_CLASSES } from "@/ui/Field";
import { SearchIcon } from "@/ui/icons";

/** The strip of filters between a list's header and its rows. */
export function FilterBar({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
      {children}
    </div>
  );
}

/** A search box with a visually hidden label and a magnifier icon. */
export function SearchFilter({
  id,
  label,
  onValue,
  wrapperClassName = "min-w-56 flex-1",
  ...props
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "type" | "onChange"> & {
  id: string;
  label: string;
  onValue: (value: string) => void;
  wrapperClassName?: string;
}) {
  return (
    <div className={cx("relative", wrapperClassName)}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <SearchIcon className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" />
      <input
        id={id}
        type="search"
        onChange={(event) => onValue(event.target.value)}
        className={cx(CONTROL_CLASSES, "h-9 w-full pl-9")}
        {...props}
      />
    </div>
  );
}

/** A compact select with a visually hidden label, for a filter bar. */
export function SelectFilter<T extends string>({
  id,
  label,
  value,
  onValue,
  options,
}: {
  id: string;
  label: string;
  value: T;
  onValue: (value: T) => void;
  options: readonly { value: T; label: string }[];
}) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => onValue(event.target.value as T)}
        className={cx(CONTROL_CLASSES, "h-9 max-w-full pr-8")}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </>
  );
}
