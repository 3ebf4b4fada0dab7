import { expect, test } from "@playwright/test";

import { expectDashboard, signIn } from "./support/app";
import { findLink, waitForMail } from "./support/mail";

test("an admin invites a user who accepts from the e-mailed link", async ({ page, browser }) => {
  const email = `invitee-${Date.now()}@demo.example`;

  await signIn(page, "admin@demo.example");
  await expectDashboard(page, "Alex");
  await page.goto("/admin/users/");
  await page.getByRole("button", { name: "Invite user" }).click();

  const form = page.getByRole("form", { name: "Invite a user" });
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Role").selectOption("salesperson");
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toContainText(`Invitation sent to ${email}`);
  await expect(page.getByRole("table", { name: "Pending invitations" })).toContainText(email);

  const mail = await waitForMail(email);
  const link = findLink(mail, "/accept-invitation");

  // The invitee opens the link in their own browser, signed out.
  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(link);
  await expect(invitee.getByText("You are joining")).toContainText("Demo Motors");
  await expect(invitee.getByLabel("E-mail")).toHaveValue(email);
  await invitee.getByLabel("First name").fill("Jordan");
  await invitee.getByLabel("Last name").fill("Newhire");
  await invitee.getByLabel("Password", { exact: true }).fill("a-fresh-strong-passphrase");
  await invitee.getByLabel("Confirm password").fill("a-fresh-strong-passphrase");
  await invitee.getByRole("button", { name: "Create account" }).click();

  await expectDashboard(invitee, "Jordan");
  await expect(invitee.getByRole("button", { name: /Open user menu/ })).toContainText(
    "Salesperson",
  );
  await context.close();

  await page.reload();
  await expect(page.getByRole("table", { name: "Users" })).toContainText(email);
});
