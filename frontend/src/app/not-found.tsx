import Link from "next/link";

import { AuthCard } from "@/features/auth";
import { buttonClasses } from "@/ui";

export default function NotFound() {
  return (
    <AuthCard
      title="Page not found"
      description="The page you asked for does not exist or has moved."
    >
      <Link href="/" className={buttonClasses("primary", "md", "w-full")}>
        Go to the overview
      </Link>
    </AuthCard>
  );
}
