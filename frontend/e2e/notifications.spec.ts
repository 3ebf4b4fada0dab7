import { expect, test } from "@playwright/test";

import { expectDashboard, signIn } from "./support/app";
import { apiToken } from "./support/sessions";

/** The unread count the bell's accessible name gives: "Notifications, 3 unread". */
function unreadIn(name: string | null): number {
  const found = /Notifications, (\d+) unread/.exec(name ?? "");
  return found ? Number(found[1]) : 0;
}

test("a manager's new assignment rings the salesperson's bell live, without a reload", async ({
  page,
  request,
}) => {
  await signIn(page, "sales@demo.example");
  await expectDashboard(page, "Sam");
  // Connected first, so the event has somewhere to go (a reconnect would re-read the bell).
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");
  const bell = page.getByRole("button", { name: /^Notifications, / });
  await expect(bell).toHaveAttribute("aria-busy", "false"); // the count is read, not assumed
  const before = unreadIn(await bell.getAttribute("aria-label"));

  // The manager assigns a scenario to Sam (through the API: the page under test is Sam's).
  const headers = { Authorization: `Bearer ${await apiToken(request, "manager@demo.example")}` };
  const users = await request.get("/api/v1/users", {
    headers,
    params: { q: "sales@demo.example" },
  });
  expect(users.ok(), await users.text()).toBe(true);
  const [sam] = ((await users.json()) as { items: { id: string; email: string }[] }).items;
  expect(sam?.email).toBe("sales@demo.example");
  // Two assignments: one notification is opened, the other is left for "Mark all read".
  const assignmentIds: string[] = [];
  for (const note of ["Before Saturday's rush.", "And once more next week."]) {
    const created = await request.post("/api/v1/training/assignments", {
      headers,
      data: { scenarioId: "objection-price", userId: sam!.id, note },
    });
    expect(created.ok(), await created.text()).toBe(true);
    assignmentIds.push(((await created.json()) as { id: string }).id);
  }

  try {
    await expect(bell).toHaveAccessibleName(`Notifications, ${before + 2} unread`);
    await expect(page.getByTestId("notification-count")).toHaveText(
      before + 2 > 9 ? "9+" : String(before + 2),
    );

    await bell.click();
    const panel = page.getByRole("region", { name: "Notifications" });
    const newest = panel.locator("[data-notification]").first();
    await expect(newest).toContainText("New assignment: Price");
    await expect(newest).toContainText("Morgan Manager asked you to practise");
    await newest.click();
    await expect(page).toHaveURL(/\/training\/?$/);
    await expect(bell).toHaveAccessibleName(`Notifications, ${before + 1} unread`);

    await bell.click();
    await panel.getByRole("button", { name: "Mark all read" }).click();
    await expect(bell).toHaveAccessibleName("Notifications, none unread");
    await expect(page.getByTestId("notification-count")).toHaveCount(0);
  } finally {
    // Other specs count Sam's assignments: leave none behind.
    for (const id of assignmentIds) {
      await request.delete(`/api/v1/training/assignments/${id}`, { headers });
    }
  }
});
