import type { Role } from "@/lib/api/types";

export const MANAGERS: readonly Role[] = ["manager", "admin"];
export const ADMINS: readonly Role[] = ["admin"];

export function hasRole(role: Role, allowed: readonly Role[]): boolean {
  return allowed.includes(role);
}
