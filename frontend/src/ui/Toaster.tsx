"use client";

import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";

import { cx } from "@/ui";
import { CloseIcon } from "@/ui/icons";

type Tone = "success" | "error" | "info";
interface Toast {
  id: number;
  tone: Tone;
  message: string;
}

type Notify = (message: string, tone?: Tone) => void;

const ToastContext = createContext<Notify | null>(null);

const TONES: Record<Tone, string> = {
  success: "border-emerald-300 dark:border-emerald-800",
  error: "border-red-300 dark:border-red-800",
  info: "border-zinc-200 dark:border-zinc-700",
};
const DOTS: Record<Tone, string> = {
  success: "bg-emerald-500",
  error: "bg-red-500",
  info: "bg-brand-500",
};

/** Short-lived confirmations and errors for actions that have no form of their own. */
export function Toaster({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);
  const notify = useCallback<Notify>(
    (message, tone = "success") => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-3), { id, tone, message }]);
      window.setTimeout(() => dismiss(id), tone === "error" ? 8000 : 4000);
    },
    [dismiss],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.tone === "error" ? "alert" : "status"}
            className={cx(
              "pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border bg-white px-4 py-3 text-sm text-zinc-800 shadow-lg dark:bg-zinc-900 dark:text-zinc-100",
              TONES[toast.tone],
            )}
          >
            <span
              className={cx("mt-1.5 size-2 shrink-0 rounded-full", DOTS[toast.tone])}
              aria-hidden="true"
            />
            <p className="flex-1">{toast.message}</p>
            <button
              type="button"
              onClick={() => dismiss(toast.id)}
              className="rounded p-0.5 text-zinc-400 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:text-zinc-200"
              aria-label="Dismiss"
            >
              <CloseIcon />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  const notify = useContext(ToastContext);
  if (!notify) throw new Error("useToast must be used inside <Toaster>");
  return notify;
}
