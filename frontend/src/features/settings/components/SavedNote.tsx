import { CheckIcon } from "@/ui/icons";

export function SavedNote({ children = "Saved" }: { children?: React.ReactNode }) {
  return (
    <span
      role="status"
      className="inline-flex items-center gap-1 text-sm text-emerald-700 dark:text-emerald-400"
    >
      <CheckIcon className="size-4" />
      {children}
    </span>
  );
}
