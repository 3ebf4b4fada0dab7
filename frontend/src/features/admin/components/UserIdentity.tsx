import type { User } from "@/lib/api/types";
import { displayName, initials } from "@/lib/format";

export function UserIdentity({ user }: { user: Pick<User, "email" | "profile"> }) {
  return (
    <div className="flex min-w-0 items-center gap-3">
      <span
        aria-hidden="true"
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-xs font-semibold text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
      >
        {initials(user)}
      </span>
      <div className="min-w-0">
        <p className="truncate font-medium text-zinc-900 dark:text-zinc-100">{displayName(user)}</p>
        <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">{user.email}</p>
      </div>
    </div>
  );
}
