"use client";

import { useState } from "react";

import { api } from "@/lib/api/client";
import { problemMessage } from "@/lib/api/problem";
import type { Theme } from "@/lib/api/types";
import { useAuth, useUser } from "@/lib/auth/AuthProvider";
import { applyTheme } from "@/lib/theme";
import { cx } from "@/ui";
import { MonitorIcon, MoonIcon, SunIcon } from "@/ui/icons";
import { useToast } from "@/ui/Toaster";

const OPTIONS: { value: Theme; label: string; icon: typeof SunIcon }[] = [
  { value: "light", label: "Light", icon: SunIcon },
  { value: "dark", label: "Dark", icon: MoonIcon },
  { value: "system", label: "System", icon: MonitorIcon },
];

/** Applies the theme at once, then saves it to the user's preferences (undone if that fails). */
export function useThemeSetter() {
  const user = useUser();
  const { updateUser } = useAuth();
  const notify = useToast();
  const [saving, setSaving] = useState(false);
  const setTheme = async (theme: Theme) => {
    const previous = user;
    if (theme === previous.preferences.theme) return;
    applyTheme(theme);
    updateUser({ ...previous, preferences: { ...previous.preferences, theme } });
    setSaving(true);
    const { data, error, response } = await api.PATCH("/api/v1/users/me", {
      body: { preferences: { theme } },
    });
    setSaving(false);
    if (data) {
      updateUser(data);
    } else {
      applyTheme(previous.preferences.theme);
      updateUser(previous);
      notify(`Could not save the theme. ${problemMessage(error, response)}`, "error");
    }
  };
  return { theme: user.preferences.theme, setTheme, saving };
}

export function ThemeSwitch() {
  const { theme, setTheme } = useThemeSetter();
  return (
    <div
      role="radiogroup"
      aria-label="Theme"
      className="flex items-center rounded-lg border border-zinc-200 bg-zinc-50 p-0.5 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {OPTIONS.map(({ value, label, icon: Icon }) => {
        const checked = theme === value;
        return (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={checked}
            aria-label={label}
            title={`${label} theme`}
            onClick={() => void setTheme(value)}
            className={cx(
              "flex size-7 items-center justify-center rounded-md transition-colors focus-visible:outline-2 focus-visible:outline-brand-500",
              checked
                ? "bg-white text-zinc-900 shadow-xs dark:bg-zinc-700 dark:text-white"
                : "text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            <Icon className="size-4" />
          </button>
        );
      })}
    </div>
  );
}
