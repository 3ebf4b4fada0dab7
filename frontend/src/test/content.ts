import type { ContentItem, Finding, Variant } from "@/features/content";
import type { Vehicle } from "@/features/vehicles";

let counter = 0;
const id = (prefix: string) => `${prefix}${++counter}`.padEnd(32, "0");

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    category: "reg-z",
    rule: "reg-z-trigger",
    severity: "error",
    message: "A payment amount needs the down payment, the terms and the APR.",
    start: 0,
    end: 4,
    citation: "12 CFR 1026.24(d)",
    fix: null,
    ...overrides,
  };
}

export function makeVariant(overrides: Partial<Variant> & Pick<Variant, "text">): Variant {
  return {
    title: overrides.text,
    subject: null,
    preheader: null,
    html: null,
    scenes: [],
    hashtags: [],
    flaggedNumbers: [],
    findings: [],
    ...overrides,
  };
}

export function makeContent(overrides: Partial<ContentItem> = {}): ContentItem {
  const text = overrides.content?.text ?? "Meet the 2021 Toyota RAV4 XLE. Book a test drive today!";
  return {
    id: id("content"),
    title: "2021 Toyota RAV4 XLE",
    type: "social",
    channel: "instagram",
    status: "draft",
    vehicleId: null,
    vehicleName: null,
    ownerId: "u".repeat(32),
    ownerName: "Sam Seller",
    batchJobId: null,
    content: {
      text,
      subject: null,
      preheader: null,
      html: null,
      scenes: [],
      hashtags: [],
      images: [],
      templates: [],
      variants: [],
      engine: "composer",
      fallbackReason: null,
    },
    settings: {
      platform: "instagram",
      targetAudience: null,
      tone: "friendly",
      length: "medium",
      callToAction: null,
      videoSeconds: 30,
      offer: null,
    },
    findings: [],
    reviewComment: null,
    revision: 1,
    publishedRevision: null,
    submittedAt: null,
    publishedAt: null,
    publishedById: null,
    createdAt: "2026-12-01T10:00:00Z",
    updatedAt: "2026-12-01T10:00:00Z",
    revisions: [],
    ...overrides,
  };
}

export function makeVehicle(overrides: Partial<Vehicle> = {}): Vehicle {
  return {
    id: id("vehicle"),
    vin: "2T3P1RFV5MC123456",
    stockNumber: "A1234",
    condition: "used",
    year: 2021,
    make: "Toyota",
    model: "RAV4",
    trim: "XLE",
    bodyStyle: "SUV",
    mileage: 28450,
    price: 27995,
    exteriorColor: "Blueprint",
    interiorColor: "Black",
    drivetrain: "AWD",
    transmission: "Automatic",
    fuelType: "Gasoline",
    mpgCity: 27,
    mpgHighway: 35,
    features: ["Apple CarPlay", "Blind-spot monitor"],
    status: "in-stock",
    notes: null,
    createdAt: "2026-12-01T10:00:00Z",
    updatedAt: "2026-12-01T10:00:00Z",
    photos: [],
    ...overrides,
  };
}
