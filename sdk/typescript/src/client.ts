// The Client: one property per resource of the API.
import { Core, type ClientOptions } from "./core.js";
import { ApprovalPolicies, Approvals, Contracts } from "./resources/approvals.js";
import { Bookings, BulkBookings, Matches } from "./resources/bookings.js";
import { CommunicationSettings, EmailOutbox, EmailTemplates } from "./resources/communication.js";
import { EventTypes, Events, WebhookEndpoints } from "./resources/events.js";
import { Analytics, Budgets, ExchangeRates, LedgerEntries, RevenueImports } from "./resources/finance.js";
import { Integrations } from "./resources/integrations.js";
import { Erasures, Exports, Retention } from "./resources/privacy.js";
import { Milestones, Projects } from "./resources/projects.js";
import { Absences, Artists, CalendarFeeds, Clients, Creators, Rooms, TimeOff } from "./resources/roster.js";
import {
  ApiKeyInvites,
  ApiKeys,
  AuditEvents,
  Members,
  OrganizationResource,
  Organizations,
  Permissions,
  Roles,
  Sandbox,
  ScimGroupMappings,
  ScimTokens,
  Sso,
} from "./resources/tenancy.js";
import { Usage } from "./resources/usage.js";

export class Client {
  /** The HTTP core: `client.core.request("GET /v1/…", …)` reaches any route by name. */
  readonly core: Core;
  readonly #options: ClientOptions;

  readonly organization: OrganizationResource;
  readonly organizations: Organizations;
  readonly members: Members;
  readonly apiKeyInvites: ApiKeyInvites;
  readonly permissions: Permissions;
  readonly roles: Roles;
  readonly apiKeys: ApiKeys;
  readonly scimTokens: ScimTokens;
  readonly scimGroupMappings: ScimGroupMappings;
  readonly auditEvents: AuditEvents;
  readonly artists: Artists;
  readonly creators: Creators;
  readonly rooms: Rooms;
  readonly clients: Clients;
  readonly timeOff: TimeOff;
  readonly absences: Absences;
  readonly calendarFeeds: CalendarFeeds;
  readonly bookings: Bookings;
  readonly bulkBookings: BulkBookings;
  readonly matches: Matches;
  readonly approvalPolicies: ApprovalPolicies;
  readonly approvals: Approvals;
  readonly contracts: Contracts;
  readonly projects: Projects;
  readonly milestones: Milestones;
  readonly revenueImports: RevenueImports;
  readonly exchangeRates: ExchangeRates;
  readonly ledgerEntries: LedgerEntries;
  readonly budgets: Budgets;
  readonly analytics: Analytics;
  readonly events: Events;
  readonly eventTypes: EventTypes;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly integrations: Integrations;
  readonly emailTemplates: EmailTemplates;
  readonly communicationSettings: CommunicationSettings;
  readonly emailOutbox: EmailOutbox;
  readonly sandbox: Sandbox;
  readonly exports: Exports;
  readonly erasures: Erasures;
  readonly retention: Retention;
  readonly sso: Sso;
  readonly usage: Usage;

  constructor(options: ClientOptions = {}) {
    this.#options = options;
    const core = (this.core = new Core(options));
    this.organization = new OrganizationResource(core);
    this.organizations = new Organizations(core);
    this.members = new Members(core);
    this.apiKeyInvites = new ApiKeyInvites(core);
    this.permissions = new Permissions(core);
    this.roles = new Roles(core);
    this.apiKeys = new ApiKeys(core);
    this.scimTokens = new ScimTokens(core);
    this.scimGroupMappings = new ScimGroupMappings(core);
    this.auditEvents = new AuditEvents(core);
    this.artists = new Artists(core);
    this.creators = new Creators(core);
    this.rooms = new Rooms(core);
    this.clients = new Clients(core);
    this.timeOff = new TimeOff(core);
    this.absences = new Absences(core);
    this.calendarFeeds = new CalendarFeeds(core);
    this.bookings = new Bookings(core);
    this.bulkBookings = new BulkBookings(core);
    this.matches = new Matches(core);
    this.approvalPolicies = new ApprovalPolicies(core);
    this.approvals = new Approvals(core);
    this.contracts = new Contracts(core);
    this.projects = new Projects(core);
    this.milestones = new Milestones(core);
    this.revenueImports = new RevenueImports(core);
    this.exchangeRates = new ExchangeRates(core);
    this.ledgerEntries = new LedgerEntries(core);
    this.budgets = new Budgets(core);
    this.analytics = new Analytics(core);
    this.events = new Events(core);
    this.eventTypes = new EventTypes(core);
    this.webhookEndpoints = new WebhookEndpoints(core);
    this.integrations = new Integrations(core);
    this.emailTemplates = new EmailTemplates(core);
    this.communicationSettings = new CommunicationSettings(core);
    this.emailOutbox = new EmailOutbox(core);
    this.sandbox = new Sandbox(core);
    this.exports = new Exports(core);
    this.erasures = new Erasures(core);
    this.retention = new Retention(core);
    this.sso = new Sso(core);
    this.usage = new Usage(core);
  }

  /** The same client acting on a sub-organization (`AuditoryX-Organization`). */
  withOrganization(organizationId: string): Client {
    return new Client({ ...this.#options, organization: organizationId });
  }

  /** The same client with another key (e.g. a member's own key, to decide approvals). */
  withApiKey(apiKey: string): Client {
    return new Client({ ...this.#options, apiKey });
  }
}
