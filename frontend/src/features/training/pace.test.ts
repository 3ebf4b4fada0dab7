import { describe, expect, it } from "vitest";

import { clock, gaugePosition, PACE_ZONES, paceZone } from "./pace";

describe("the pace gauge", () => {
  it.each([
    [null, "unknown"],
    [Number.NaN, "unknown"],
    [60, "slow"],
    [109.9, "slow"],
    [110, "slowish"],
    [139.9, "slowish"],
    [140, "good"],
    [150, "good"],
    [160, "good"],
    [160.1, "fastish"],
    [175, "fastish"],
    [175.1, "fast"],
    [220, "fast"],
  ] as const)("reads %s words per minute as %s", (wpm, zone) => {
    expect(paceZone(wpm)).toBe(zone);
  });

  it("flags only what the live coach flags (below 110, above 175)", () => {
    expect(PACE_ZONES[paceZone(105)].tone).toBe("danger");
    expect(PACE_ZONES[paceZone(190)]).toEqual({ label: "Too fast", tone: "danger" });
    expect(PACE_ZONES[paceZone(170)].tone).toBe("warning");
    expect(PACE_ZONES[paceZone(150)].tone).toBe("success");
  });

  it("places rates on an 80-220 scale, clamped at both ends", () => {
    expect(gaugePosition(80)).toBe(0);
    expect(gaugePosition(150)).toBeCloseTo(0.5);
    expect(gaugePosition(220)).toBe(1);
    expect(gaugePosition(20)).toBe(0);
    expect(gaugePosition(400)).toBe(1);
  });

  it("writes durations as minutes and seconds", () => {
    expect(clock(0)).toBe("0:00");
    expect(clock(9.9)).toBe("0:09");
    expect(clock(65)).toBe("1:05");
    expect(clock(720)).toBe("12:00");
    expect(clock(-3)).toBe("0:00");
  });
});
