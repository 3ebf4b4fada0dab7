import { Card, CardBody, CardHeader } from "./Card";

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

/** A card named by its heading (a landmark region), with its content in a padded body. */
export function Section({ children, ...props }: React.ComponentProps<typeof SettingsSection>) {
  return (
    <SettingsSection {...props}>
      <CardBody>{children}</CardBody>
    </SettingsSection>
  );
}
