"use client";

import { PageHeader } from "@/ui";
import { SettingsSection } from "@/ui/Section";

import { ChangePasswordForm } from "./ChangePasswordForm";
import { PreferencesForm } from "./PreferencesForm";
import { ProfileForm } from "./ProfileForm";
import { TwoFactorSettings } from "./TwoFactorSettings";

export function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Your profile, preferences and account security." />
      <div className="space-y-6">
        <SettingsSection id="profile" title="Profile" description="How you appear to your team.">
          <ProfileForm />
        </SettingsSection>
        <SettingsSection
          id="preferences"
          title="Preferences"
          description="Changes are saved as you make them."
        >
          <PreferencesForm />
        </SettingsSection>
        <SettingsSection
          id="password"
          title="Password"
          description="Changing it signs out your other sessions."
        >
          <ChangePasswordForm />
        </SettingsSection>
        <TwoFactorSettings />
      </div>
    </>
  );
}
