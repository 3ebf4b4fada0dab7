import type { User } from "@/lib/api/types";

let counter = 0;

export function makeUser(overrides: Partial<User> = {}): User {
  counter += 1;
  return {
    id: `user${counter}`.padEnd(32, "0"),
    email: `user${counter}@demo.example`,
    role: "salesperson",
    isActive: true,
    dealershipId: "d".repeat(32),
    managerId: null,
    profile: { firstName: "Sam", lastName: "Seller", phone: "" },
    preferences: { language: "en", theme: "system", notifications: true },
    twoFactorEnabled: false,
    lastLoginAt: null,
    createdAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-01T10:00:00Z",
    ...overrides,
  };
}

export function authenticated(user: User, accessToken = "access-1") {
  return {
    status: "authenticated" as const,
    accessToken,
    tokenType: "bearer" as const,
    expiresIn: 900,
    user,
  };
}
