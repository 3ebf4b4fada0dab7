import { describe, expect, it } from "vitest";

import { isActive, sectionsFor } from "@/app-shell/navigation";

const labels = (role: Parameters<typeof sectionsFor>[0]) =>
  sectionsFor(role).flatMap((section) => section.items.map((item) => item.label));

describe("navigation", () => {
  it("shows each role only its sections", () => {
    expect(labels("salesperson")).toEqual([
      "Overview",
      "Training",
      "Content",
      "Images",
      "Vehicles",
      "Assignments",
      "Certifications",
      "Leaderboard",
      "Settings",
    ]);
    expect(labels("manager")).toEqual([
      "Overview",
      "Training",
      "Content",
      "Images",
      "Vehicles",
      "Assignments",
      "Certifications",
      "Scenarios",
      "Team",
      "Settings",
    ]);
    expect(labels("admin")).toEqual([
      "Overview",
      "Training",
      "Content",
      "Images",
      "Vehicles",
      "Assignments",
      "Certifications",
      "Scenarios",
      "Team",
      "Users",
      "Audit log",
      "Usage",
      "Dealership",
      "Settings",
    ]);
  });

  it("marks the current route and its children active, with or without trailing slashes", () => {
    expect(isActive("/admin/users/", "/admin/users/")).toBe(true);
    expect(isActive("/admin/users", "/admin/users/")).toBe(true);
    expect(isActive("/admin/audit/", "/admin/users/")).toBe(false);
    expect(isActive("/settings/", "/")).toBe(false);
    expect(isActive("/", "/")).toBe(true);
  });
});
