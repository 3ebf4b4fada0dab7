"use client";

import Link from "next/link";
import { useCallback, useId, useRef, useState } from "react";

import { ROLE_LABELS } from "@/lib/api/types";
import { useAuth, useUser } from "@/lib/auth/AuthProvider";
import { displayName, initials } from "@/lib/format";
import { ChevronDownIcon, LogOutIcon, SettingsIcon } from "@/ui/icons";
import { useDismiss } from "@/ui/useDismiss";

const ITEM =
  "flex w-full items-center gap-2 rounded-md px-2.5 py-1.5 text-left text-sm text-zinc-700 hover:bg-zinc-100 focus-visible:bg-zinc-100 focus-visible:outline-none dark:text-zinc-200 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800";

export function UserMenu() {
  const user = useUser();
  const { logout } = useAuth();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root, button, '[role="menuitem"]');

  const name = displayName(user);
  return (
    <div className="relative" ref={root}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((value) => !value)}
        className="flex items-center gap-2 rounded-lg py-1 pl-1 pr-2 text-left hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-zinc-800"
      >
        <span
          aria-hidden="true"
          className="flex size-8 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700 dark:bg-brand-900/60 dark:text-brand-200"
        >
          {initials(user)}
        </span>
        <span className="hidden leading-tight sm:block">
          <span className="block max-w-40 truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">
            {name}
          </span>
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">
            {ROLE_LABELS[user.role]}
          </span>
        </span>
        <span className="sr-only">Open user menu</span>
        <ChevronDownIcon className="size-4 text-zinc-400" />
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label="User menu"
          className="absolute right-0 z-30 mt-2 w-60 rounded-xl border border-zinc-200 bg-white p-1.5 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="px-2.5 py-2">
            <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">{name}</p>
            <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">{user.email}</p>
          </div>
          <div className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <Link href="/settings/" role="menuitem" className={ITEM} onClick={() => setOpen(false)}>
            <SettingsIcon className="size-4 text-zinc-400" />
            Settings
          </Link>
          <button
            type="button"
            role="menuitem"
            className={ITEM}
            onClick={() => {
              setOpen(false);
              void logout();
            }}
          >
            <LogOutIcon className="size-4 text-zinc-400" />
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
