"use client";

import Link from "next/link";

import { ConnectionIndicator } from "@/app-shell/ConnectionIndicator";
import { ThemeSwitch } from "@/app-shell/ThemeSwitch";
import { UserMenu } from "@/app-shell/UserMenu";
import { CarIcon, MenuIcon } from "@/ui/icons";

export function Header({
  onOpenNavigation,
  actions,
}: {
  onOpenNavigation: () => void;
  actions?: React.ReactNode;
}) {
  return (
    <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white/80 px-4 backdrop-blur sm:px-6 dark:border-zinc-800 dark:bg-zinc-950/80">
      <button
        type="button"
        onClick={onOpenNavigation}
        className="-ml-1.5 rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 lg:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
        aria-label="Open navigation"
      >
        <MenuIcon className="size-5" />
      </button>
      <Link
        href="/"
        className="flex items-center gap-2 rounded-md text-sm font-semibold text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 lg:hidden dark:text-zinc-50"
      >
        <span className="flex size-7 items-center justify-center rounded-md bg-brand-600 text-white dark:bg-brand-500">
          <CarIcon className="size-4" />
        </span>
        <span className="hidden sm:inline">Car Sales AI</span>
      </Link>
      <div className="flex-1" />
      <ConnectionIndicator />
      {actions}
      <ThemeSwitch />
      <UserMenu />
    </header>
  );
}
