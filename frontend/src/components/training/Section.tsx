import { SettingsSection } from "@/components/settings/SettingsSection";
import { CardBody } from "@/components/ui";

/** A card named by its heading (a landmark region), with its content in a padded body. */
export function Section({ children, ...props }: React.ComponentProps<typeof SettingsSection>) {
  return (
    <SettingsSection {...props}>
      <CardBody>{children}</CardBody>
    </SettingsSection>
  );
}
