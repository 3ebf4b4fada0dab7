"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { FullPageSpinner } from "@/app-shell/FullPageSpinner";
import { Header } from "@/app-shell/Header";
import { Sidebar } from "@/app-shell/Sidebar";
import { useDealership } from "@/lib/api/queries";
import { useAuth } from "@/lib/auth/AuthProvider";
import { loginPath } from "@/lib/auth/redirect";

/**
 * The signed-in shell: sidebar, header and content. Anonymous visitors are sent to log in.
 * `headerActions`: what the route layout puts in the header (features the shell cannot import).
 */
export function DashboardLayout({
  children,
  headerActions,
}: {
  children: React.ReactNode;
  headerActions?: React.ReactNode;
}) {
  const { state } = useAuth();
  const router = useRouter();
  const [navOpen, setNavOpen] = useState(false);
  const signedIn = state.status === "authenticated";
  const dealership = useDealership(signedIn);

  const signedOut = state.status === "anonymous" && state.signedOut === true;
  useEffect(() => {
    if (state.status !== "anonymous") return;
    // After a deliberate sign-out there is nowhere to come back to.
    router.replace(
      signedOut ? "/login/" : loginPath(window.location.pathname + window.location.search),
    );
  }, [state.status, signedOut, router]);

  useEffect(() => {
    if (!navOpen) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setNavOpen(false);
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [navOpen]);

  if (!signedIn) return <FullPageSpinner label="Checking your session" />;

  return (
    <div className="flex min-h-dvh bg-zinc-50 dark:bg-zinc-950">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-zinc-900"
      >
        Skip to content
      </a>
      <Sidebar
        role={state.user.role}
        dealershipName={dealership.data?.name}
        mobileOpen={navOpen}
        onClose={() => setNavOpen(false)}
      />
      <div className="flex min-w-0 flex-1 flex-col">
        <Header onOpenNavigation={() => setNavOpen(true)} actions={headerActions} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
