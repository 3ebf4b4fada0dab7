import type { Role } from "@/lib/api/types";
import { ADMINS, MANAGERS } from "@/lib/auth/roles";
import {
  CarIcon,
  HomeIcon,
  ImageIcon,
  ListIcon,
  MicIcon,
  PenIcon,
  SettingsIcon,
  UsersIcon,
} from "@/ui/icons";

export interface NavItem {
  href: string;
  label: string;
  icon: (props: React.SVGProps<SVGSVGElement>) => React.ReactNode;
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
    label: "Management",
    roles: MANAGERS,
    items: [{ href: "/team/", label: "Team", icon: UsersIcon }],
  },
  {
    label: "Admin",
    roles: ADMINS,
    items: [
      { href: "/admin/users/", label: "Users", icon: UsersIcon },
      { href: "/admin/audit/", label: "Audit log", icon: ListIcon },
    ],
  },
  {
    label: "Account",
    items: [{ href: "/settings/", label: "Settings", icon: SettingsIcon }],
  },
];

export function sectionsFor(role: Role): NavSection[] {
  return NAV_SECTIONS.filter((section) => !section.roles || section.roles.includes(role));
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
