"use client";

import { useState } from "react";

import { useUser } from "@/lib/auth/AuthProvider";
import { hasRole, MANAGERS } from "@/lib/auth/roles";
import { displayName } from "@/lib/format";
import { Card, CardHeader, FilterBar, PageHeader, QueryList, SelectFilter } from "@/ui";
import { ListIcon } from "@/ui/icons";
import { Section } from "@/ui/Section";

import { useAssignmentList, useSalespeople } from "../api";
import { AssignmentForm } from "./AssignmentForm";
import { AssignmentList } from "./AssignmentList";

const PAGE_SIZE = 20;
const EVERYONE = "";

/**
 * A coach assigns scenarios and follows each assignment's status and attempts; a salesperson
 * sees what was assigned to them.
 */
export function AssignmentsPage() {
  const me = useUser();
  const coach = hasRole(me.role, MANAGERS);
  const people = useSalespeople(coach);
  const [userId, setUserId] = useState(EVERYONE);
  const [offset, setOffset] = useState(0);
  const query = useAssignmentList({
    ...(coach ? (userId ? { userId } : {}) : { userId: me.id }),
    offset,
    limit: PAGE_SIZE,
  });

  return (
    <>
      <PageHeader
        title="Assignments"
        description={
          coach
            ? "Ask your team to practise a scenario, once or every week, and see who has passed."
            : "What your manager asked you to practise. One is done when an attempt passes."
        }
      />
      <div className="space-y-6">
        {coach && (
          <Section id="new-assignment" title="Assign a scenario">
            <AssignmentForm />
          </Section>
        )}
        <Card aria-labelledby="assignment-list-title">
          <CardHeader
            titleId="assignment-list-title"
            title={coach ? "Your team's assignments" : "Assigned to you"}
            description="Open and overdue first, soonest due first."
          />
          {coach && (
            <FilterBar>
              <SelectFilter
                id="assignment-person"
                label="Person"
                value={userId}
                onValue={(value) => {
                  setUserId(value);
                  setOffset(0);
                }}
                options={[
                  { value: EVERYONE, label: "Everyone" },
                  ...(people.data?.items ?? []).map((person) => ({
                    value: person.id,
                    label: displayName(person),
                  })),
                ]}
              />
            </FilterBar>
          )}
          <QueryList
            query={query}
            loadingLabel="Loading assignments…"
            emptyIcon={<ListIcon className="size-6" />}
            empty={
              coach
                ? {
                    title: "Nothing assigned yet",
                    description:
                      "Assign a scenario above; it appears on the person's Training page.",
                  }
                : {
                    title: "Nothing assigned to you",
                    description: "When your manager assigns a scenario, it appears here.",
                  }
            }
            pagination={{ offset, limit: PAGE_SIZE, onChange: setOffset, noun: "assignment" }}
          >
            {(items) => <AssignmentList items={items} coach={coach} />}
          </QueryList>
        </Card>
      </div>
    </>
  );
}
