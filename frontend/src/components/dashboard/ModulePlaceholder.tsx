import { Badge, Card, EmptyState, PageHeader } from "@/components/ui";

/** An honest page for a module that is not built yet: what it will do, and that it is coming. */
export function ModulePlaceholder({
  title,
  description,
  icon,
  plans,
}: {
  title: string;
  description: string;
  icon: React.ReactNode;
  plans: string[];
}) {
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={<Badge tone="warning">In development</Badge>}
      />
      <Card className="p-6">
        <EmptyState icon={icon} title="This module is being built" className="border-none py-6">
          {title} is not available yet. When it ships, you will be able to:
        </EmptyState>
        <ul className="mx-auto mt-2 grid max-w-2xl gap-2 sm:grid-cols-2">
          {plans.map((plan) => (
            <li
              key={plan}
              className="rounded-lg border border-zinc-200 px-3.5 py-2.5 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400"
            >
              {plan}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
