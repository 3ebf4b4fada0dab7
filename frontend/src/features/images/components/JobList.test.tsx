import { screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import type { JobFilters } from "@/features/jobs";
import type { User } from "@/lib/api/types";
import { mockFetch } from "@/test/fetchMock";
import { makeJob, makeUser, summaryOf } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { JobList } from "./JobList";

const manager = makeUser({ role: "manager" });
const sam = makeUser({ profile: { firstName: "Sam", lastName: "Seller", phone: "" } });
const samsJob = summaryOf(
  makeJob({ ownerId: sam.id, ownerName: "Sam Seller", vehicleRef: "SAM1" }),
);
const mine = summaryOf(
  makeJob({ ownerId: manager.id, ownerName: "Max Manager", vehicleRef: "MAX1" }),
);

function Jobs() {
  const [filters, setFilters] = useState<JobFilters>({ status: "", vehicleRef: "", userId: "" });
  return (
    <JobList
      filters={filters}
      onFiltersChange={setFilters}
      offset={0}
      onOffsetChange={() => {}}
      openJobId={null}
      onToggle={() => {}}
    />
  );
}

function serve() {
  return mockFetch([
    {
      method: "GET",
      path: "/api/v1/users",
      reply: { body: { items: [manager, sam], total: 2, offset: 0, limit: 100 } },
    },
    {
      method: "GET",
      path: "/api/v1/jobs",
      reply: (call) => {
        const userId = call.search.get("userId");
        const items = [samsJob, mine].filter((job) => !userId || job.ownerId === userId);
        return { body: { items, total: items.length, offset: 0, limit: 10 } };
      },
    },
  ]);
}

function render(user: User) {
  const api = serve();
  return { api, ...renderWithProviders(<Jobs />, { user }) };
}

describe("JobList", () => {
  it("shows a manager who made each job and filters by person", async () => {
    const { api, user } = render(manager);
    expect(await screen.findByText(/· by Sam Seller/)).toBeVisible();
    expect(screen.getByText(/· by Max Manager/)).toBeVisible();

    const person = screen.getByLabelText("Whose jobs");
    await waitFor(() => expect(person).toHaveTextContent("Sam Seller"));
    await user.selectOptions(person, sam.id);
    await waitFor(() => expect(screen.queryByText(/· by Max Manager/)).not.toBeInTheDocument());
    const calls = api.callsTo("GET", "/api/v1/jobs");
    expect(calls.at(-1)?.search.get("userId")).toBe(sam.id);
  });

  it("gives a salesperson neither the owner nor the person filter", async () => {
    const { api } = render(sam);
    expect(await screen.findByText("SAM1")).toBeVisible();
    expect(screen.queryByText(/· by /)).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Whose jobs")).not.toBeInTheDocument();
    expect(api.callsTo("GET", "/api/v1/users")).toHaveLength(0);
  });
});
