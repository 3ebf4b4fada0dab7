"use client";

import { useEffect, useRef, useState } from "react";

import { useUser } from "@/lib/auth/AuthProvider";
import { hasRole, MANAGERS } from "@/lib/auth/roles";
import { formatDate, plural } from "@/lib/format";
import {
  Badge,
  Button,
  Card,
  CardBody,
  CardHeader,
  ConfirmButton,
  EmptyState,
  ListError,
  ListLoading,
  PageHeader,
} from "@/ui";
import { TrophyIcon } from "@/ui/icons";
import { Section } from "@/ui/Section";

import {
  useCertifications,
  useDeleteCertification,
  useHolders,
  type Award,
  type Certification,
} from "../api";
import { CertificationForm } from "./CertificationForm";

const validity = (certification: Certification) =>
  certification.validDays == null
    ? "Never expires"
    : `Valid for ${plural(certification.validDays, "day")} from the pass`;

/** An award in words: since when, until when, or that it has lapsed. */
const held = (award: Award) =>
  award.expired
    ? `Expired ${formatDate(award.expiresAt)}`
    : `Held since ${formatDate(award.awardedAt)}${award.expiresAt ? `, until ${formatDate(award.expiresAt)}` : ""}`;

/**
 * The scenarios of a certification with their pass marks; with `mine`, which of them the
 * signed-in person has passed and how many are left.
 */
function Requirements({ certification, mine }: { certification: Certification; mine: boolean }) {
  const left = certification.items.filter((item) => !item.passed).length;
  return (
    <div className="space-y-2">
      <ul className="space-y-1 text-sm" aria-label="Scenarios to pass">
        {certification.items.map((item) => (
          <li
            key={item.scenarioId}
            className="flex flex-wrap items-center gap-2"
            data-testid="requirement"
          >
            <span className="text-zinc-800 dark:text-zinc-200">
              {item.scenarioTitle ?? "A scenario that no longer exists"}
            </span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              pass mark {item.passMark}
            </span>
            {mine && (
              <Badge tone={item.passed ? "success" : "neutral"}>
                {item.passed ? "Passed" : "To pass"}
              </Badge>
            )}
          </li>
        ))}
      </ul>
      {mine && left > 0 && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="left">
          {left} of {certification.items.length} left to pass.
        </p>
      )}
    </div>
  );
}

/** Who holds a certification: loaded when opened. */
function Holders({ certification }: { certification: Certification }) {
  const [open, setOpen] = useState(false);
  const holders = useHolders(certification.id, open);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)} data-testid="holders">
      <summary className="cursor-pointer text-sm text-zinc-600 dark:text-zinc-400">
        Who holds it
      </summary>
      <div className="mt-2">
        {holders.isPending ? (
          <ListLoading label="Loading holders…" />
        ) : holders.isError ? (
          <ListError message={holders.error.message} onRetry={() => void holders.refetch()} />
        ) : holders.data.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">Nobody yet.</p>
        ) : (
          <ul className="space-y-1 text-sm" aria-label="Holders">
            {holders.data.map((holder) => (
              <li key={holder.userId}>
                <span className="font-medium text-zinc-900 dark:text-zinc-100">
                  {holder.userName}
                </span>
                <span className="text-zinc-500 dark:text-zinc-400"> · {held(holder)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}

function CertificationCard({
  certification,
  coach,
}: {
  certification: Certification;
  coach: boolean;
}) {
  const remove = useDeleteCertification();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const award = certification.award;
  // Back from the form, the focus returns to the Edit button it replaced.
  const refocus = useRef(false);
  useEffect(() => {
    if (!editing && refocus.current) {
      refocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);
  const closeEditor = () => {
    refocus.current = true;
    setEditing(false);
  };
  return (
    <Card
      as="article"
      aria-labelledby={`certification-${certification.id}`}
      data-testid="certification"
    >
      <CardHeader
        titleId={`certification-${certification.id}`}
        title={certification.name}
        description={certification.description ?? validity(certification)}
        actions={
          <>
            {award ? (
              <Badge tone={award.expired ? "warning" : "success"}>{held(award)}</Badge>
            ) : (
              !coach && <Badge>Not held yet</Badge>
            )}
            {coach && !editing && (
              <Button
                ref={editButton}
                variant="secondary"
                size="sm"
                onClick={() => setEditing(true)}
                aria-label={`Edit ${certification.name}`}
              >
                Edit
              </Button>
            )}
            {coach && !editing && (
              <ConfirmButton
                variant="ghost"
                confirmLabel="Delete certification"
                disabled={remove.isPending}
                onConfirm={() => remove.mutate(certification.id)}
              >
                Delete
              </ConfirmButton>
            )}
          </>
        }
      />
      <CardBody className="space-y-3">
        {editing ? (
          <CertificationForm
            certification={certification}
            submitLabel="Save changes"
            onSaved={closeEditor}
            onCancel={closeEditor}
          />
        ) : (
          <>
            {certification.description && (
              <p className="text-xs text-zinc-500 dark:text-zinc-400">{validity(certification)}</p>
            )}
            <Requirements certification={certification} mine={!coach} />
            {coach && <Holders certification={certification} />}
          </>
        )}
      </CardBody>
    </Card>
  );
}

/**
 * Certifications: a coach defines them and sees who holds each; a salesperson sees what they
 * hold and what is left to pass.
 */
export function CertificationsPage() {
  const me = useUser();
  const coach = hasRole(me.role, MANAGERS);
  const query = useCertifications();

  let list: React.ReactNode;
  if (query.isPending) list = <ListLoading label="Loading certifications…" />;
  else if (query.isError)
    list = <ListError message={query.error.message} onRetry={() => void query.refetch()} />;
  else if (query.data.length === 0)
    list = (
      <EmptyState icon={<TrophyIcon className="size-6" />} title="No certifications yet">
        {coach
          ? "Define one above: the scenarios to pass and each one's pass mark."
          : "When your manager defines a certification, it appears here with what it takes."}
      </EmptyState>
    );
  else
    list = (
      <div className="grid gap-4 lg:grid-cols-2">
        {query.data.map((certification) => (
          <CertificationCard key={certification.id} certification={certification} coach={coach} />
        ))}
      </div>
    );

  return (
    <>
      <PageHeader
        title="Certifications"
        description={
          coach
            ? "A certification is a set of scenarios, each with a pass mark: whoever passes them all holds it."
            : "Pass every scenario of a certification at its pass mark to hold it."
        }
      />
      <div className="space-y-6">
        {coach && (
          <Section id="new-certification" title="Define a certification">
            <CertificationForm />
          </Section>
        )}
        {list}
      </div>
    </>
  );
}
