"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export interface ScrollEdges {
  /** The content is wider than the box. */
  scrollable: boolean;
  /** Content is hidden past the left edge. */
  before: boolean;
  /** Content is hidden past the right edge. */
  after: boolean;
}

const NONE: ScrollEdges = { scrollable: false, before: false, after: false };

/** Sub-pixel widths round differently in scrollWidth and clientWidth. */
const SLACK_PX = 1;

/**
 * Which sides of a horizontally scrolling box hide content, kept current as it scrolls and as it
 * or its content resizes: a table cut at the edge of a phone looks finished unless it says so.
 */
export function useScrollEdges<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [edges, setEdges] = useState<ScrollEdges>(NONE);

  const measure = useCallback(() => {
    const box = ref.current;
    if (!box) return;
    const hidden = box.scrollWidth - box.clientWidth;
    const next: ScrollEdges = {
      scrollable: hidden > SLACK_PX,
      before: box.scrollLeft > SLACK_PX,
      after: hidden - box.scrollLeft > SLACK_PX,
    };
    setEdges((previous) =>
      previous.scrollable === next.scrollable &&
      previous.before === next.before &&
      previous.after === next.after
        ? previous
        : next,
    );
  }, []);

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    measure();
    box.addEventListener("scroll", measure, { passive: true });
    window.addEventListener("resize", measure);
    let observer: ResizeObserver | undefined;
    if (typeof ResizeObserver !== "undefined") {
      observer = new ResizeObserver(measure);
      observer.observe(box);
      if (box.firstElementChild) observer.observe(box.firstElementChild);
    }
    return () => {
      box.removeEventListener("scroll", measure);
      window.removeEventListener("resize", measure);
      observer?.disconnect();
    };
  }, [measure]);

  return { ref, edges };
}
