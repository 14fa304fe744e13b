// Names for the objects the API answers with, derived from the routes that return them (so
// they follow the OpenAPI document, whatever its schemas are called).
import type { ItemOf, Success } from "./routes.js";

export type Organization = Success<"GET /v1/organization">;
export type Member = Success<"GET /v1/members/{id}">;
export type Role = Success<"GET /v1/roles/{id}">;
export type ApiKey = Success<"GET /v1/api-keys/{id}">;
export type AuditEvent = Success<"GET /v1/audit-events/{id}">;
export type Artist = Success<"GET /v1/artists/{id}">;
export type Creator = Success<"GET /v1/creators/{id}">;
export type Room = Success<"GET /v1/rooms/{id}">;
export type CustomerClient = Success<"GET /v1/clients/{id}">;
export type Booking = Success<"GET /v1/bookings/{id}">;
export type BulkBookingItem = ItemOf<"GET /v1/bulk-bookings/{id}/items">;
export type ApprovalPolicy = Success<"GET /v1/approval-policies/{id}">;
export type ApprovalRequest = Success<"GET /v1/approvals/{id}">;
export type Contract = Success<"GET /v1/contracts/{id}">;
export type Project = Success<"GET /v1/projects/{id}">;
export type Milestone = Success<"GET /v1/milestones/{id}">;
export type WebhookEndpoint = Success<"GET /v1/webhook-endpoints/{id}">;
export type Event = Success<"GET /v1/events/{id}">;
export type LedgerEntry = Success<"GET /v1/ledger-entries/{id}">;
export type Budget = Success<"GET /v1/budgets/{id}">;
