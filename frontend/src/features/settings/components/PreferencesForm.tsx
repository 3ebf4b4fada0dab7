"use client";

import { useState } from "react";

import { useThemeSetter } from "@/app-shell/ThemeSwitch";
import { api } from "@/lib/api/client";
import { problemMessage } from "@/lib/api/problem";
import type { Language, PreferencesUpdate, Theme } from "@/lib/api/types";
import { useAuth, useUser } from "@/lib/auth/AuthProvider";
import { Alert, CardBody, cx, SelectField } from "@/ui";

import { SavedNote } from "./SavedNote";

const THEME_CHOICES: { value: Theme; label: string; description: string }[] = [
  { value: "light", label: "Light", description: "Always light" },
  { value: "dark", label: "Dark", description: "Always dark" },
  { value: "system", label: "System", description: "Follow this device" },
];

// The languages the API accepts; the interface itself is written in English for now.
const LANGUAGES: { value: Language; label: string }[] = [
  { value: "en", label: "English" },
  { value: "es", label: "Español" },
  { value: "fr", label: "Français" },
  { value: "de", label: "Deutsch" },
];

/** Preferences save as soon as they change, like the theme switch in the header. */
export function PreferencesForm() {
  const user = useUser();
  const { updateUser } = useAuth();
  const { theme, setTheme } = useThemeSetter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async (patch: Omit<PreferencesUpdate, "theme">) => {
    const previous = user;
    setError(null);
    setSaved(false);
    updateUser({ ...previous, preferences: { ...previous.preferences, ...patch } });
    const {
      data,
      error: problem,
      response,
    } = await api.PATCH("/api/v1/users/me", {
      body: { preferences: patch },
    });
    if (data) {
      updateUser(data);
      setSaved(true);
    } else {
      updateUser(previous);
      setError(problemMessage(problem, response));
    }
  };

  return (
    <CardBody className="space-y-6">
      {error && <Alert tone="error">{error}</Alert>}
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Theme</legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-3">
          {THEME_CHOICES.map((choice) => (
            <label
              key={choice.value}
              className={cx(
                "flex cursor-pointer items-start gap-3 rounded-lg border px-3.5 py-3 text-sm transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500",
                theme === choice.value
                  ? "border-brand-500 bg-brand-50/60 dark:border-brand-400 dark:bg-brand-950/30"
                  : "border-zinc-200 hover:border-zinc-300 dark:border-zinc-700 dark:hover:border-zinc-600",
              )}
            >
              <input
                type="radio"
                name="theme"
                value={choice.value}
                checked={theme === choice.value}
                onChange={() => void setTheme(choice.value)}
                className="mt-0.5 accent-brand-600"
              />
              <span>
                <span className="block font-medium text-zinc-900 dark:text-zinc-100">
                  {choice.label}
                </span>
                <span className="block text-zinc-500 dark:text-zinc-400">{choice.description}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <SelectField
        label="Language"
        fieldClassName="max-w-xs"
        value={user.preferences.language}
        onChange={(event) => void save({ language: event.target.value as Language })}
        hint="Saved with your account. The interface itself is in English for now."
      >
        {LANGUAGES.map((item) => (
          <option key={item.value} value={item.value}>
            {item.label}
          </option>
        ))}
      </SelectField>
      <div className="flex items-start gap-3">
        <input
          id="pref-notifications"
          type="checkbox"
          checked={user.preferences.notifications}
          onChange={(event) => void save({ notifications: event.target.checked })}
          className="mt-0.5 size-4 rounded border-zinc-300 accent-brand-600"
        />
        <label htmlFor="pref-notifications" className="text-sm">
          <span className="block font-medium text-zinc-900 dark:text-zinc-100">Notifications</span>
          <span className="block text-zinc-500 dark:text-zinc-400">
            Tell me when feedback, approvals or finished jobs need my attention.
          </span>
        </label>
      </div>
      <div className="h-5">{saved && <SavedNote>Preferences saved</SavedNote>}</div>
    </CardBody>
  );
}
