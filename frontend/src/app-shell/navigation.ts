import type { Role } from "@/lib/api/types";
import { ADMINS, MANAGERS } from "@/lib/auth/roles";
import {
  CarIcon,
  ChartIcon,
  HomeIcon,
  ImageIcon,
  ListIcon,
  MicIcon,
  PenIcon,
  SettingsIcon,
  TrophyIcon,
  UsersIcon,
} from "@/ui/icons";

export interface NavItem {
  href: string;
  label: string;
  icon: (props: React.SVGProps<SVGSVGElement>) => React.ReactNode;
  /** Only for these roles, in a section that others see too. */
  roles?: readonly Role[];
}

export interface NavSection {
  label: string | null;
  roles?: readonly Role[];
  items: NavItem[];
}

export const NAV_SECTIONS: NavSection[] = [
  { label: null, items: [{ href: "/", label: "Overview", icon: HomeIcon }] },
  {
    label: "Modules",
    items: [
      { href: "/training/", label: "Training", icon: MicIcon },
      { href: "/content/", label: "Content", icon: PenIcon },
      { href: "/images/", label: "Images", icon: ImageIcon },
      { href: "/vehicles/", label: "Vehicles", icon: CarIcon },
    ],
  },
  {
    label: "Coaching",
    items: [
      { href: "/coaching/assignments/", label: "Assignments", icon: ListIcon },
      { href: "/coaching/certifications/", label: "Certifications", icon: TrophyIcon },
      { href: "/coaching/scenarios/", label: "Scenarios", icon: PenIcon, roles: MANAGERS },
    ],
  },
  {
    label: "Management",
    roles: MANAGERS,
    items: [{ href: "/team/", label: "Team", icon: UsersIcon }],
  },
  // The same page shows salespeople the leaderboard only (or why it is private).
  {
    label: "Team",
    roles: ["salesperson"],
    items: [{ href: "/team/", label: "Leaderboard", icon: TrophyIcon }],
  },
  {
    label: "Admin",
    roles: ADMINS,
    items: [
      { href: "/admin/users/", label: "Users", icon: UsersIcon },
      { href: "/admin/audit/", label: "Audit log", icon: ListIcon },
      { href: "/admin/analytics/", label: "Usage", icon: ChartIcon },
      { href: "/admin/dealership/", label: "Dealership", icon: SettingsIcon },
    ],
  },
  {
    label: "Account",
    items: [{ href: "/settings/", label: "Settings", icon: SettingsIcon }],
  },
];

const allows = (role: Role) => (entry: { roles?: readonly Role[] }) =>
  !entry.roles || entry.roles.includes(role);

export function sectionsFor(role: Role): NavSection[] {
  return NAV_SECTIONS.filter(allows(role)).map((section) => ({
    ...section,
    items: section.items.filter(allows(role)),
  }));
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

export function isActive(pathname: string, href: string): boolean {
  const here = trimSlash(pathname);
  const target = trimSlash(href);
  if (target === "/") return here === "/";
  return here === target || here.startsWith(`${target}/`);
}
