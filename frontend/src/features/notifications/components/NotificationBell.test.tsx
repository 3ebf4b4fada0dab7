import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { send } from "@/test/liveSocket";
import { renderWithProviders } from "@/test/render";
import { router } from "@/test/setup";

import type { Notification, NotificationPage } from "../api";
import { parseNotification } from "../hooks/useNotificationEvents";
import { NotificationBell } from "./NotificationBell";

vi.mock("@/lib/socket", () => import("@/test/liveSocket"));

const PATH = "/api/v1/notifications";
let counter = 0;

// Typed as the generated payload: a member added on the server must be added here too.
function makeNotification(overrides: Partial<Notification> = {}): Notification {
  counter += 1;
  return {
    id: `n${counter}`.padEnd(32, "0"),
    kind: "assignment_new",
    title: `New assignment ${counter}`,
    body: "Max Mgr asked you to practise “Price”.",
    link: "/training/",
    createdAt: "2026-12-05T09:00:00Z",
    readAt: null,
    ...overrides,
  };
}

function pageOf(items: Notification[], unreadCount: number): NotificationPage {
  return { items, total: items.length, offset: 0, limit: 10, unreadCount };
}

const seller = makeUser();

describe("NotificationBell", () => {
  it("shows the unread count and raises it live when a notification arrives", async () => {
    const first = makeNotification({ readAt: "2026-12-05T09:30:00Z" });
    const arriving = makeNotification({ kind: "job_finished", title: "Photos ready" });
    const net = mockFetch([
      { method: "GET", path: PATH, reply: { body: pageOf([first], 0) }, times: 1 },
      { method: "GET", path: PATH, reply: { body: pageOf([arriving, first], 1) } },
    ]);
    const { user } = renderWithProviders(<NotificationBell />, { user: seller });

    const bell = await screen.findByRole("button", { name: "Notifications, none unread" });
    await waitFor(() => expect(bell).toHaveAttribute("aria-busy", "false"));
    expect(screen.queryByTestId("notification-count")).not.toBeInTheDocument();

    await send("notification", arriving);
    expect(await screen.findByTestId("notification-count")).toHaveTextContent("1");
    expect(bell).toHaveAccessibleName("Notifications, 1 unread");
    await waitFor(() => expect(net.callsTo("GET", PATH)).toHaveLength(2)); // re-read after

    await user.click(bell);
    const panel = screen.getByRole("region", { name: "Notifications" });
    const titles = within(panel)
      .getAllByRole("button")
      .filter((button) => button.hasAttribute("data-notification"))
      .map((button) => button.textContent);
    expect(titles[0]).toContain("Unread: Photos ready");
    expect(titles[1]).toContain(first.title);
  });

  it("ignores events that are not notifications it understands", async () => {
    mockFetch([{ method: "GET", path: PATH, reply: { body: pageOf([], 0) } }]);
    renderWithProviders(<NotificationBell />, { user: seller });
    await screen.findByRole("button", { name: "Notifications, none unread" });
    await send("notification", { ...makeNotification(), kind: "lottery_win" });
    await send("job.completed", makeNotification());
    expect(screen.queryByTestId("notification-count")).not.toBeInTheDocument();
    expect(parseNotification(makeNotification({ link: null }))).toMatchObject({ link: null });
    expect(parseNotification({ id: 7 })).toBeNull();
  });

  it("opens a notification's link and marks it read; marks all read", async () => {
    const item = makeNotification({ link: "/content/?id=abc" });
    const other = makeNotification();
    const net = mockFetch([
      { method: "GET", path: PATH, reply: { body: pageOf([item, other], 2) } },
      {
        method: "POST",
        path: `${PATH}/${item.id}/read`,
        reply: { body: { ...item, readAt: "2026-12-05T10:00:00Z" } },
      },
      { method: "POST", path: `${PATH}/read-all`, reply: { body: { marked: 1 } } },
    ]);
    const { user } = renderWithProviders(<NotificationBell />, { user: seller });

    await user.click(await screen.findByRole("button", { name: "Notifications, 2 unread" }));
    await user.click(screen.getByRole("button", { name: new RegExp(item.title) }));
    expect(router.push).toHaveBeenCalledWith("/content/?id=abc");
    await waitFor(() => expect(net.callsTo("POST", `${PATH}/${item.id}/read`)).toHaveLength(1));
    expect(screen.queryByRole("region", { name: "Notifications" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: /^Notifications, / }));
    await user.click(screen.getByRole("button", { name: "Mark all read" }));
    await waitFor(() => expect(net.callsTo("POST", `${PATH}/read-all`)).toHaveLength(1));
  });
});
