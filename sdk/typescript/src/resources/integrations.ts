// Connections to HubSpot, Salesforce, QuickBooks Online, Xero, Asana, Monday.com, Slack and
// Microsoft Teams.
import type { RequestOptions } from "../core.js";
import type { PathParams, RequestBody } from "../routes.js";
import { Resource } from "./resource.js";

type Provider = PathParams<"DELETE /v1/integrations/{provider}">["provider"];

export class Integrations extends Resource {
  list(options?: RequestOptions) {
    return this.core.request("GET /v1/integrations", {}, options);
  }
  connectHubspot(body: RequestBody<"PUT /v1/integrations/hubspot">, options?: RequestOptions) {
    return this.core.request("PUT /v1/integrations/hubspot", { body }, options);
  }
  /** Connect Salesforce: a Connected App's authorization code (OAuth 2.0 web-server flow), or the JWT bearer flow. */
  connectSalesforce(body: RequestBody<"PUT /v1/integrations/salesforce">, options?: RequestOptions) {
    return this.core.request("PUT /v1/integrations/salesforce", { body }, options);
  }
  /** Push every client to Salesforce again (Bulk API 2.0 above 2,000 records); joins a running backfill. */
  backfillSalesforce(options?: RequestOptions) {
    return this.core.request("POST /v1/integrations/salesforce/backfills", {}, options);
  }
  connectQuickbooks(body: RequestBody<"PUT /v1/integrations/quickbooks">, options?: RequestOptions) {
    return this.core.request("PUT /v1/integrations/quickbooks", { body }, options);
  }
  /** Connect Asana: a personal access or service account token, or a consent code with its app; and the workspace to sync. */
  connectAsana(body: RequestBody<"PUT /v1/integrations/asana">, options?: RequestOptions) {
    return this.core.request("PUT /v1/integrations/asana", { body }, options);
  }
  /**
   * Connect Monday.com: an API token, or the code of Monday's consent redirect with the app's
   * client id, secret and redirect URI; optionally the workspace new boards go in.
   */
  connectMonday(body: RequestBody<"PUT /v1/integrations/monday">, options?: RequestOptions) {
    return this.core.request("PUT /v1/integrations/monday", { body }, options);
  }

  /** Connect Xero: an authorization code (or tokens) and the organisation to invoice in. */
  connectXero(body: RequestBody<"PUT /v1/integrations/xero">, options?: RequestOptions) {
    return this.core.request("PUT /v1/integrations/xero", { body }, options);
  }
  connectSlack(body: RequestBody<"PUT /v1/integrations/slack">, options?: RequestOptions) {
    return this.core.request("PUT /v1/integrations/slack", { body }, options);
  }
  connectTeams(body: RequestBody<"PUT /v1/integrations/teams">, options?: RequestOptions) {
    return this.core.request("PUT /v1/integrations/teams", { body }, options);
  }
  /** Connect the organization's own Teams bot (approvals decided inside Teams). */
  connectTeamsBot(body: RequestBody<"PUT /v1/integrations/teams/bot">, options?: RequestOptions) {
    return this.core.request("PUT /v1/integrations/teams/bot", { body }, options);
  }
  /** Change a connection's settings (`reconcile_every_hours`, `invoice_per`, `opportunity_stages`…). */
  update(provider: Provider, body: RequestBody<"PATCH /v1/integrations/{provider}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/integrations/{provider}", { path: { provider }, body }, options);
  }
  /** Disconnect; the stored credentials are wiped. */
  disconnect(provider: Provider, options?: RequestOptions) {
    return this.core.request("DELETE /v1/integrations/{provider}", { path: { provider } }, options);
  }
  reconciliations(provider: PathParams<"GET /v1/integrations/{provider}/reconciliations">["provider"], options?: RequestOptions) {
    return this.core.request("GET /v1/integrations/{provider}/reconciliations", { path: { provider } }, options);
  }
  slackNotifications(options?: RequestOptions) {
    return this.core.request("GET /v1/integrations/slack/notifications", {}, options);
  }
  /** Which event types are posted to which Slack channels (the list replaces the previous one). */
  setSlackNotifications(body: RequestBody<"PUT /v1/integrations/slack/notifications">, options?: RequestOptions) {
    return this.core.request("PUT /v1/integrations/slack/notifications", { body }, options);
  }
}
