// Static export: a person has no page of their own per id, so the id travels in the query string.
export const personHref = (userId: string) => `/team/person/?id=${encodeURIComponent(userId)}`;
export const TEAM_HREF = "/team/";
