import { CarIcon } from "@/ui/icons";

/** The frame for signed-out pages: product mark, a title and one focused card. */
export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  footer?: React.ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center bg-zinc-50 px-4 py-12 dark:bg-zinc-950">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <span className="mb-4 flex size-11 items-center justify-center rounded-xl bg-brand-600 text-white shadow-sm dark:bg-brand-500">
            <CarIcon className="size-6" />
          </span>
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
            {title}
          </h1>
          {description && (
            <p className="mt-1.5 text-sm text-zinc-500 dark:text-zinc-400">{description}</p>
          )}
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          {children}
        </div>
        {footer && (
          <div className="mt-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{footer}</div>
        )}
      </div>
    </div>
  );
}

export const LINK_CLASSES =
  "font-medium text-brand-600 hover:text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 rounded-sm dark:text-brand-400 dark:hover:text-brand-300";
