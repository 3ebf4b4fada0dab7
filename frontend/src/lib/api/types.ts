// Names for the API's shapes, taken from the generated `paths` by endpoint rather than by the
// backend's schema class names, so a rename on the server does not ripple through the app.
import type { components, paths, webhooks } from "./schema";

type JsonOf<T> = T extends { content: { "application/json": infer B } } ? B : never;
type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer S }
    ? JsonOf<S>
    : R extends { 201: infer S }
      ? JsonOf<S>
      : never
  : never;
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;

export type User = Ok<"/api/v1/users/me", "get">;
export type Role = User["role"];
export type Theme = User["preferences"]["theme"];
export type Profile = User["profile"];
export type PreferencesUpdate = NonNullable<Body<"/api/v1/users/me", "patch">["preferences"]>;
export type Language = NonNullable<PreferencesUpdate["language"]>;
export type Preferences = User["preferences"];
export type LoginResult = Ok<"/api/v1/auth/login", "post">;
export type AuthenticatedResult = Extract<LoginResult, { status: "authenticated" }>;
export type TokenResult = Ok<"/api/v1/auth/refresh", "post">;
export type InvitationInfo = Ok<"/api/v1/auth/invitations/{token}", "get">;
export type TwoFactorSetup = Ok<"/api/v1/auth/two-factor/setup", "post">;
export type UserPage = Ok<"/api/v1/users", "get">;
export type Invitation = Ok<"/api/v1/users/invitations", "post">;
export type InvitationList = Ok<"/api/v1/users/invitations", "get">;
export type BulkInvitations = Ok<"/api/v1/users/invitations/bulk", "post">;
export type LockedUsers = Ok<"/api/v1/users/locked", "get">;
export type Dealership = Ok<"/api/v1/dealerships/current", "get">;
export type AuditPage = Ok<"/api/v1/audit", "get">;
export type AuditEvent = AuditPage["items"][number];
export type Job = Ok<"/api/v1/jobs/{job_id}", "get">;
export type JobItem = Job["items"][number];
export type JobPage = Ok<"/api/v1/jobs", "get">;
export type JobSummary = JobPage["items"][number];
export type JobStatus = Job["status"];
export type JobType = Job["jobType"];
export type ItemStatus = JobItem["status"];

// Wire formats outside the REST bodies (backend kit/openapi.py): each Socket.IO event the server
// sends is a webhook named by the event, whose body is its payload; acknowledgements, job
// settings (sent as a JSON string in a form field) and problem details are components.
type Schemas = components["schemas"];
type JsonBody<T> = T extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
export type SocketEventName = keyof webhooks;
/** The payload of the Socket.IO event `E`. */
export type EventPayload<E extends SocketEventName> = JsonBody<webhooks[E]["post"]>;
export type JobEventName = Extract<SocketEventName, `job.${string}`>;
export type JobEvent = EventPayload<"job.progress">;
export type LiveMetrics = EventPayload<"training.metrics">;
export type LiveTranscript = EventPayload<"training.transcript">;
export type LiveWord = LiveTranscript["words"][number];
export type LiveFeedback = EventPayload<"training.feedback">;
export type CustomerEvent = EventPayload<"training.customer">;
export type AudioAck = Schemas["AudioAccepted"] | Schemas["AudioRefused"];
export type ImageJobSettings = Schemas["ImageJobSettings"];
export type ProblemDetails = Schemas["Problem"];
export type ProblemCode = Schemas["ProblemCode"];

export const ROLES = ["admin", "manager", "salesperson"] as const satisfies readonly Role[];
export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  manager: "Manager",
  salesperson: "Salesperson",
};
