// Static export: a report has no page of its own per id, so the id travels in the query string.
export const reportHref = (sessionId: string) =>
  `/training/report/?id=${encodeURIComponent(sessionId)}`;
export const liveHref = (sessionId: string) =>
  `/training/?session=${encodeURIComponent(sessionId)}`;
export const HISTORY_HREF = "/training/history/";
// The coaching feature's page (features/coaching), linked from the Training page.
export const ASSIGNMENTS_HREF = "/coaching/assignments/";
