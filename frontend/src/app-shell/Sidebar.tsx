"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { isActive, sectionsFor } from "@/app-shell/navigation";
import type { Role } from "@/lib/api/types";
import { cx } from "@/ui";
import { CarIcon, CloseIcon } from "@/ui/icons";

function Brand({ dealershipName }: { dealershipName?: string }) {
  return (
    <div className="flex items-center gap-2.5">
      <span className="flex size-8 items-center justify-center rounded-lg bg-brand-600 text-white shadow-sm dark:bg-brand-500">
        <CarIcon className="size-5" />
      </span>
      <span className="min-w-0 leading-tight">
        <span className="block truncate text-sm font-semibold text-zinc-900 dark:text-zinc-50">
          Car Sales AI
        </span>
        <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
          {dealershipName ?? "\u00a0"}
        </span>
      </span>
    </div>
  );
}

function NavLinks({ role, onNavigate }: { role: Role; onNavigate?: () => void }) {
  const pathname = usePathname() ?? "/";
  return (
    <nav aria-label="Main" className="flex-1 space-y-6 overflow-y-auto px-3 py-4">
      {sectionsFor(role).map((section) => (
        <div key={section.label ?? "home"}>
          {section.label && (
            <p className="mb-1.5 px-2 text-xs font-medium uppercase tracking-wider text-zinc-500 dark:text-zinc-400">
              {section.label}
            </p>
          )}
          <ul className="space-y-0.5">
            {section.items.map(({ href, label, icon: Icon }) => {
              const active = isActive(pathname, href);
              return (
                <li key={href}>
                  <Link
                    href={href}
                    onClick={onNavigate}
                    aria-current={active ? "page" : undefined}
                    className={cx(
                      "flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-500",
                      active
                        ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-white"
                        : "text-zinc-600 hover:bg-zinc-100/70 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100",
                    )}
                  >
                    <Icon
                      className={cx(
                        "size-4",
                        active
                          ? "text-brand-600 dark:text-brand-400"
                          : "text-zinc-400 dark:text-zinc-500",
                      )}
                    />
                    {label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

export function Sidebar({
  role,
  dealershipName,
  mobileOpen,
  onClose,
}: {
  role: Role;
  dealershipName?: string;
  mobileOpen: boolean;
  onClose: () => void;
}) {
  return (
    <>
      <aside className="hidden w-60 shrink-0 flex-col border-r border-zinc-200 bg-white lg:flex dark:border-zinc-800 dark:bg-zinc-950">
        <div className="flex h-14 items-center border-b border-zinc-200 px-4 dark:border-zinc-800">
          <Brand dealershipName={dealershipName} />
        </div>
        <NavLinks role={role} />
      </aside>
      {mobileOpen && (
        <div
          className="fixed inset-0 z-40 lg:hidden"
          role="dialog"
          aria-modal="true"
          aria-label="Navigation"
        >
          <div
            className="absolute inset-0 bg-zinc-950/40 backdrop-blur-[1px]"
            onClick={onClose}
            aria-hidden="true"
          />
          <aside className="relative flex h-full w-72 max-w-[85vw] flex-col bg-white shadow-xl dark:bg-zinc-950">
            <div className="flex h-14 items-center justify-between border-b border-zinc-200 px-4 dark:border-zinc-800">
              <Brand dealershipName={dealershipName} />
              <button
                type="button"
                onClick={onClose}
                className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-zinc-800"
                aria-label="Close navigation"
              >
                <CloseIcon />
              </button>
            </div>
            <NavLinks role={role} onNavigate={onClose} />
          </aside>
        </div>
      )}
    </>
  );
}
