import { Card, CardHeader } from "@/components/ui";

/** One settings card: a title, a line of explanation, then the form. */
export function SettingsSection({
  id,
  title,
  description,
  actions,
  children,
}: {
  id: string;
  title: string;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Card aria-labelledby={`${id}-title`} id={id}>
      <CardHeader
        title={title}
        description={description}
        actions={actions}
        titleId={`${id}-title`}
      />
      {children}
    </Card>
  );
}
