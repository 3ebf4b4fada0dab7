import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { AuditEvent } from "@/lib/api/types";
import { mockFetch } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { AuditLog } from "./AuditLog";

const admin = makeUser({
  role: "admin",
  profile: { firstName: "Ada", lastName: "Admin", phone: "" },
});
const seller = makeUser({ profile: { firstName: "Sal", lastName: "Person", phone: "" } });

const roleChange: AuditEvent = {
  id: "e".repeat(32),
  action: "user.role_changed",
  actorId: admin.id,
  actorEmail: admin.email,
  actorName: "Ada Admin",
  targetType: "user",
  targetId: seller.id,
  targetName: "Sal Person",
  summary: "Ada Admin changed the role of Sal Person from salesperson to manager.",
  ip: "203.0.113.7",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
  details: { old_role: "salesperson", new_role: "manager" },
  createdAt: "2026-03-01T12:00:00Z",
};

function routes() {
  return mockFetch([
    {
      method: "GET",
      path: "/api/v1/audit",
      reply: (call) => ({
        body: {
          items: call.search.get("action") === "nothing" ? [] : [roleChange],
          total: 1,
          offset: 0,
          limit: 25,
        },
      }),
    },
    {
      method: "GET",
      path: "/api/v1/users",
      reply: { body: { items: [admin, seller], total: 2, offset: 0, limit: 100 } },
    },
    {
      method: "GET",
      path: "/api/v1/audit/export.csv",
      reply: {
        headers: { "Content-Type": "text/csv" },
        stream: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("Time (UTC),Person\r\n"));
            controller.close();
          },
        }),
      },
    },
  ]);
}

afterEach(() => vi.restoreAllMocks());

describe("AuditLog", () => {
  it("reads as sentences naming people and things, without raw details", async () => {
    routes();
    renderWithProviders(<AuditLog />, { user: admin });

    const table = await screen.findByRole("table", { name: "Audit events" });
    const row = within(table).getAllByRole("row")[1]!;
    expect(row).toHaveTextContent(roleChange.summary);
    expect(row).toHaveTextContent("Sal Person");
    expect(row).toHaveTextContent("role changed");
    expect(table).not.toHaveTextContent("Mozilla");
    expect(table).not.toHaveTextContent("old_role");
    expect(table).not.toHaveTextContent(seller.id);
  });

  it("filters by person, part of the action and a range of days", async () => {
    const network = routes();
    const { user } = renderWithProviders(<AuditLog />, { user: admin });
    await screen.findByRole("table", { name: "Audit events" });

    await user.selectOptions(screen.getByLabelText("Person"), "Sal Person");
    await user.type(screen.getByLabelText("Filter by action"), "role");
    await user.type(screen.getByLabelText("From"), "2026-03-01");
    await user.type(screen.getByLabelText("To"), "2026-03-02");

    await waitFor(() => {
      const last = network.callsTo("GET", "/api/v1/audit").at(-1)!.search;
      expect(last.get("action")).toBe("role");
      expect(last.get("until")).toBe(new Date(2026, 2, 3).toISOString());
    });
    const last = network.callsTo("GET", "/api/v1/audit").at(-1)!.search;
    expect(last.get("actorId")).toBe(seller.id);
    // The days are the browser's: from its midnight, to the end of the last day.
    expect(last.get("since")).toBe(new Date(2026, 2, 1).toISOString());
    expect(last.get("offset")).toBe("0");
  });

  it("says when nothing matches the filters", async () => {
    routes();
    const { user } = renderWithProviders(<AuditLog />, { user: admin });
    await screen.findByRole("table", { name: "Audit events" });

    await user.type(screen.getByLabelText("Filter by action"), "nothing");

    expect(await screen.findByText("No events match these filters")).toBeInTheDocument();
  });

  it("exports the filtered events as CSV", async () => {
    const network = routes();
    URL.createObjectURL = vi.fn((_blob: Blob) => "blob:audit");
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    const { user } = renderWithProviders(<AuditLog />, { user: admin });
    await screen.findByRole("table", { name: "Audit events" });
    await user.type(screen.getByLabelText("Filter by action"), "login");

    await user.click(screen.getByRole("button", { name: "Export CSV" }));

    await waitFor(() => expect(click).toHaveBeenCalled());
    const exported = network.callsTo("GET", "/api/v1/audit/export.csv");
    expect(exported).toHaveLength(1);
    expect(exported[0]!.search.get("action")).toBe("login");
  });
});
