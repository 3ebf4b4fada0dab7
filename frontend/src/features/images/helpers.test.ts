import { describe, expect, it } from "vitest";

import { keepFreshLinks, linkExpiry } from "@/features/jobs";
import { makeJob, makeJobItem } from "@/test/fixtures";

import { DEFAULT_FORM, settingsJson, validateColour, validateVehicleRef } from "./settings";
import { fileProgress } from "./uploadProgress";

function link(expiresAtMs: number, tag: string) {
  const payload = btoa(JSON.stringify({ exp: Math.floor(expiresAtMs / 1000), tag }))
    .replace(/=+$/, "")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
  return `/api/v1/downloads/eyJhbGciOiJIUzI1NiJ9.${payload}.sig`;
}

describe("settings", () => {
  it("accepts #RRGGBB colours only", () => {
    expect(validateColour("#1f2937")).toBeNull();
    expect(validateColour("#ABCDEF")).toBeNull();
    expect(validateColour("#abc")).toMatch(/#RRGGBB|hex colour/);
    expect(validateColour("red")).not.toBeNull();
    expect(validateColour("")).toBe("Enter a colour as #RRGGBB.");
  });

  it("accepts VINs and stock numbers as the server does", () => {
    expect(validateVehicleRef("")).toBeNull();
    expect(validateVehicleRef("1HGCM82633A004352")).toBeNull();
    expect(validateVehicleRef("stk-0042")).toBeNull();
    expect(validateVehicleRef("STK 42")).toBe("Use only letters, digits and dashes (no spaces).");
    expect(validateVehicleRef("A".repeat(41))).toMatch(/at most 40/);
  });

  it("serialises the defaults the dealer sees", () => {
    expect(settingsJson(DEFAULT_FORM)).toEqual({
      quality: "medium",
      format: "png",
      background: "studio",
      enhance: true,
      size: "4:3-1600",
      plates: "none",
      platesPerPhoto: {},
    });
    // A photo's own choice is sent by its place in the upload, unless it is the job's.
    expect(
      settingsJson({ ...DEFAULT_FORM, plates: "blur" }, [null, "none", "blur", "logo"])
        .platesPerPhoto,
    ).toEqual({ "1": "none", "3": "logo" });
    expect(
      settingsJson({ ...DEFAULT_FORM, background: "colour", colour: " #AABBCC " }).background,
    ).toBe("#aabbcc");
  });
});

describe("fileProgress", () => {
  it("splits the bytes sent over the files in order", () => {
    expect(fileProgress([100, 300], 0, 440)).toEqual([0, 0]);
    expect(fileProgress([100, 300], 220, 440)).toEqual([1, 1 / 3]);
    expect(fileProgress([100, 300], 440, 440)).toEqual([1, 1]);
    expect(fileProgress([100], 10, 0)).toEqual([0]);
  });
});

describe("keepFreshLinks", () => {
  const now = Date.UTC(2026, 10, 26, 12, 0, 0);

  it("keeps links with time left, so pictures do not reload on every read", () => {
    const item = makeJobItem({ inputUrl: link(now + 14 * 60_000, "a"), outputBytes: 10 });
    const before = makeJob({ items: [{ ...item, outputUrl: link(now + 14 * 60_000, "b") }] });
    const after = {
      ...before,
      progress: 100,
      items: [
        {
          ...item,
          inputUrl: link(now + 15 * 60_000, "c"),
          outputUrl: link(now + 15 * 60_000, "d"),
        },
      ],
    };
    const merged = keepFreshLinks(before, after, now);
    expect(merged.progress).toBe(100);
    expect(merged.items[0]?.inputUrl).toBe(before.items[0]?.inputUrl);
    expect(merged.items[0]?.outputUrl).toBe(before.items[0]?.outputUrl);
  });

  it("takes new links when the old ones are about to expire or the result changed", () => {
    const old = makeJobItem({ inputUrl: link(now + 2 * 60_000, "a"), outputBytes: 10 });
    const before = makeJob({ items: [old] });
    const fresh = {
      ...old,
      inputUrl: link(now + 15 * 60_000, "c"),
      outputBytes: 11,
      outputUrl: "/x",
    };
    const merged = keepFreshLinks(before, { ...before, items: [fresh] }, now);
    expect(merged.items[0]?.inputUrl).toBe(fresh.inputUrl);
    expect(merged.items[0]?.outputUrl).toBe("/x");
    expect(linkExpiry("/api/v1/downloads/not-a-token")).toBeNull();
  });
});
