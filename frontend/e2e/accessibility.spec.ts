import { test } from "@playwright/test";

import { expectDashboard, signIn } from "./support/app";
import { check } from "./support/axe";

// Every page against WCAG 2.1 AA in both themes (support/axe.ts). The demo seed has no practice
// sessions: coaching.spec.ts checks a session's report, and the team's pages with its data.

const SIGNED_OUT = ["/login/", "/forgot-password/"];
const MANAGER = [
  "/",
  "/training/",
  "/training/history/",
  "/content/",
  "/content/review/",
  "/images/",
  "/vehicles/",
  "/coaching/assignments/",
  "/coaching/certifications/",
  "/coaching/scenarios/",
  "/team/",
  "/settings/",
];
const ADMIN = ["/admin/users/", "/admin/dealership/", "/admin/audit/", "/admin/analytics/"];

test("the signed-out pages pass WCAG 2.1 AA checks in both themes", async ({ page }) => {
  await check(page, SIGNED_OUT);
});

test("a manager's pages pass WCAG 2.1 AA checks in both themes", async ({ page }) => {
  await signIn(page, "manager@demo.example");
  await expectDashboard(page, "Morgan");
  await check(page, MANAGER);
});

test("an admin's pages pass WCAG 2.1 AA checks in both themes", async ({ page }) => {
  await signIn(page, "admin@demo.example");
  await expectDashboard(page, "Alex");
  await check(page, ADMIN);
});
