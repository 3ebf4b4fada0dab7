import type { Job, JobItem, JobSummary, User } from "@/lib/api/types";

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

export function makeJobItem(overrides: Partial<JobItem> = {}): JobItem {
  counter += 1;
  return {
    id: `item${counter}`.padEnd(32, "0"),
    position: 0,
    originalName: "car.jpg",
    status: "pending",
    error: null,
    inputBytes: 1000,
    contentType: "image/jpeg",
    outputName: null,
    outputBytes: null,
    timings: {},
    warnings: [],
    inputUrl: null,
    outputUrl: null,
    inputPlacement: null,
    ...overrides,
  };
}

export function makeJob(overrides: Partial<Job> = {}): Job {
  counter += 1;
  const items = overrides.items ?? [makeJobItem()];
  return {
    id: `job${counter}`.padEnd(32, "0"),
    jobType: "full_pipeline",
    status: "pending",
    progress: 0,
    vehicleRef: null,
    ownerId: "u".repeat(32),
    ownerName: null,
    error: null,
    totalItems: items.length,
    completedItems: 0,
    failedItems: 0,
    createdAt: "2026-11-26T10:00:00Z",
    startedAt: null,
    completedAt: null,
    settings: {
      quality: "medium",
      format: "png",
      background: "studio",
      enhance: true,
      size: "4:3-1600",
    },
    attempts: 0,
    updatedAt: "2026-11-26T10:00:00Z",
    archiveUrl: null,
    ...overrides,
    items,
  };
}

export function summaryOf(job: Job): JobSummary {
  const { settings: _s, attempts: _a, updatedAt: _u, archiveUrl: _z, items: _i, ...summary } = job;
  return summary;
}
