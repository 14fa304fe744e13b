// Generated from the AuditoryX OpenAPI document by `npm run generate`. Do not edit.

export interface paths {
    "/calendars/{token}.ics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An iCalendar feed (the URL is the secret) */
        get: operations["downloadCalendarFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up */
        get: operations["checkHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/slack/interactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Slack's callback for Approve/Reject clicks (the Slack app's Request URL)
         * @description Called by Slack, not by API clients: `application/x-www-form-urlencoded` with a `payload` field, signed `X-Slack-Signature: v0=HMAC-SHA256(signing secret, "v0:{X-Slack-Request-Timestamp}:{body}")` and at most five minutes old, else 401. See docs/integrations/slack.md.
         */
        post: operations["handleSlackInteraction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/teams/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The Teams bot's messaging endpoint (installation, approval card actions)
         * @description Called by the Bot Connector, not by API clients: an activity as JSON with `Authorization: Bearer <Bot Framework JWT>` (RS256, keys from the OpenID metadata, issuer `https://api.botframework.com`, audience = the bot's app id, unexpired, `serviceurl` claim = the activity's `serviceUrl`), else 401. An `adaptiveCard/action` invoke is answered with the approval's refreshed card. See docs/integrations/teams.md.
         */
        post: operations["messages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: PostgreSQL, Temporal and a polling worker
         * @description Each component's status only: where they live and why they failed go to the log.
         */
        get: operations["checkReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/absences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List out-of-office periods */
        get: operations["listAbsences"];
        put?: never;
        /** Add an out-of-office period */
        post: operations["createAbsence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/absences/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an out-of-office period */
        delete: operations["deleteAbsence"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/artist-comparison": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Artists side by side, month by month */
        get: operations["compareArtists"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/booking-pipeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bookings and their value by status */
        get: operations["getBookingPipeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/budget-scenarios": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What if we book X more sessions at Y per month: the projected spend curve
         * @description Computes a plan; stores nothing.
         */
        post: operations["runBudgetScenario"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/budgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Budget vs committed vs actual, with alerts */
        get: operations["getBudgetReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/creator-utilisation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Booked hours of each creator against their week */
        get: operations["getCreatorUtilisation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/forecast": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Revenue forecast with prediction intervals and a backtest */
        get: operations["getRevenueForecast"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/roster": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Roster overview: per artist sessions, spend, revenue, margin */
        get: operations["getRosterAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-key-invites/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim the API key an invite offers (the invite's token is the only credential) */
        post: operations["claimApiKeyInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An API key (never its secret) */
        get: operations["getApiKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an API key (immediately, for good) */
        post: operations["revokeApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/approval-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List approval policies */
        get: operations["listApprovalPolicies"];
        put?: never;
        /** Create an approval policy */
        post: operations["createApprovalPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/approval-policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An approval policy (current version) */
        get: operations["getApprovalPolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a policy (creates a new version) */
        patch: operations["updateApprovalPolicy"];
        trace?: never;
    };
    "/v1/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List approval requests (the inbox with approver=me) */
        get: operations["listApprovals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/approvals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An approval request with every step's assignments */
        get: operations["getApproval"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/approvals/{id}/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve or reject as the member behind the key */
        post: operations["decideApproval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/approvals/{id}/delegate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand your place in the open step to another member */
        post: operations["delegateApproval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/artists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List artists */
        get: operations["listArtists"];
        put?: never;
        /** Add an artist */
        post: operations["createArtist"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/artists/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An artist */
        get: operations["getArtist"];
        put?: never;
        post?: never;
        /** Remove an artist without bookings */
        delete: operations["deleteArtist"];
        options?: never;
        head?: never;
        /** Change an artist */
        patch: operations["updateArtist"];
        trace?: never;
    };
    "/v1/artists/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Onboard many artists from JSON or CSV (upsert by external_ref)
         * @description Send `application/json` as `{"artists": [...]}` or `text/csv` with a header row (name, genres, status, contract_start, contract_end, links, tags, external_ref; list columns separated by `;`). Each row is validated on its own; the answer reports every row. `?dry_run=true` validates and reports without writing.
         */
        post: operations["importArtists"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List audit events, newest first */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An audit event */
        get: operations["getAuditEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List bookings */
        get: operations["listBookings"];
        put?: never;
        /** Book a session */
        post: operations["createBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bookings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A booking */
        get: operations["getBooking"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bookings/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a booking */
        post: operations["cancelBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bookings/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a session as completed */
        post: operations["completeBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bookings/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a held booking */
        post: operations["confirmBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bookings/{id}/no-show": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a session as a no-show */
        post: operations["markBookingNoShow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bookings/{id}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a booking to new times */
        post: operations["rescheduleBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bookings/conflicts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check proposed sessions for conflicts without booking */
        post: operations["checkBookingConflicts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/budgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List budgets */
        get: operations["listBudgets"];
        put?: never;
        /** Create a budget */
        post: operations["createBudget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/budgets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A budget */
        get: operations["getBudget"];
        put?: never;
        post?: never;
        /** Delete a budget */
        delete: operations["deleteBudget"];
        options?: never;
        head?: never;
        /** Change a budget */
        patch: operations["updateBudget"];
        trace?: never;
    };
    "/v1/bulk-bookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List bulk bookings */
        get: operations["listBulkBookings"];
        put?: never;
        /** Book many sessions at once (or plan them with dry_run) */
        post: operations["createBulkBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bulk-bookings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A bulk booking: progress, plan summary and its first items */
        get: operations["getBulkBooking"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bulk-bookings/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a bulk booking: every hold is released */
        post: operations["cancelBulkBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bulk-bookings/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The items of a bulk booking, in request order */
        get: operations["listBulkBookingItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calendar-feeds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List calendar feeds (never their URLs) */
        get: operations["listCalendarFeeds"];
        put?: never;
        /** Create a secret calendar feed */
        post: operations["createCalendarFeed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calendar-feeds/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a calendar feed */
        post: operations["revokeCalendarFeed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List clients */
        get: operations["listClients"];
        put?: never;
        /** Add a client */
        post: operations["createClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A client */
        get: operations["getClient"];
        put?: never;
        post?: never;
        /** Remove a client without bookings */
        delete: operations["deleteClient"];
        options?: never;
        head?: never;
        /** Change a client */
        patch: operations["updateClient"];
        trace?: never;
    };
    "/v1/communication-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Branding, reminder offsets, chasers and the weekly report */
        get: operations["getCommunicationSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change branding, reminders, chasers or the report */
        patch: operations["updateCommunicationSettings"];
        trace?: never;
    };
    "/v1/contracts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List contracts */
        get: operations["listContracts"];
        put?: never;
        /** Draft a contract */
        post: operations["createContract"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A contract */
        get: operations["getContract"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a draft (or rejected) contract */
        patch: operations["updateContract"];
        trace?: never;
    };
    "/v1/contracts/{id}/sign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the signature of an approved contract */
        post: operations["signContract"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts/{id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a draft for approval (approved at once when no policy governs it) */
        post: operations["submitContract"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/creators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search creators */
        get: operations["listCreators"];
        put?: never;
        /** Add a creator */
        post: operations["createCreator"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/creators/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A creator */
        get: operations["getCreator"];
        put?: never;
        post?: never;
        /** Remove a creator without bookings */
        delete: operations["deleteCreator"];
        options?: never;
        head?: never;
        /** Change a creator */
        patch: operations["updateCreator"];
        trace?: never;
    };
    "/v1/creators/{id}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Free intervals of a creator */
        get: operations["getCreatorAvailability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/email-outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** E-mail the organization sent, is sending or dropped */
        get: operations["listEmailOutbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/email-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every template, with the organization's overrides */
        get: operations["listEmailTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/email-templates/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A template: the override, or the built-in one */
        get: operations["getEmailTemplate"];
        /** Override a template */
        put: operations["setEmailTemplate"];
        post?: never;
        /** Back to the built-in template */
        delete: operations["resetEmailTemplate"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/email-templates/{name}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Render a template (or a draft) on sample data */
        post: operations["previewEmailTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event catalog, with an example payload of each */
        get: operations["listEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List events, newest first */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An event */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exchange-rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The reporting currency and the stored exchange rates */
        get: operations["listExchangeRates"];
        /**
         * Set the reporting currency and upsert exchange rates by (date, base, quote)
         * @description A rate applies from its date until the next rate of the same pair; an amount of month M uses the latest rate dated on or before M's last day (or 1/rate of the inverse pair). Rates already stored and not sent are kept.
         */
        put: operations["setExchangeRates"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List integration connections (never their credentials) */
        get: operations["listIntegrations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Disconnect: wipe the credentials, keep the record */
        delete: operations["disconnectIntegration"];
        options?: never;
        head?: never;
        /** Change how often a connection is reconciled, how QuickBooks invoices, and Salesforce's opportunity stages */
        patch: operations["updateIntegration"];
        trace?: never;
    };
    "/v1/integrations/{provider}/reconciliations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The last reconciliations of a connection, newest first */
        get: operations["listIntegrationReconciliations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/hubspot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Connect HubSpot with a private-app token or OAuth 2.0
         * @description Nothing is stored unless HubSpot accepted the token (an authorization code is exchanged
         *     first); a refusal is a 422 naming the field to fix, with HubSpot's own words
         *     (``api/integration_connect.py``, shared with the dashboard).
         */
        put: operations["connectHubspot"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/quickbooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Connect QuickBooks Online with OAuth tokens or an authorization code
         * @description Nothing is stored unless QuickBooks accepted the tokens for ``realm_id``; a refusal is
         *     a 422 naming the field to fix, with QuickBooks' (or Intuit's) own words.
         */
        put: operations["connectQuickbooks"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/salesforce": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Connect Salesforce with OAuth 2.0
         * @description Nothing is stored unless Salesforce accepted the session (an authorization code is
         *     exchanged first) and every synced object has the ``AuditoryX_Id__c`` external id field; a
         *     refusal is a 422 naming the field to fix, with Salesforce's own words. A reconnect keeps
         *     the connection's settings (stage mapping, reconciliation interval).
         */
        put: operations["connectSalesforce"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/slack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Connect Slack with a bot token and the app's signing secret
         * @description The token is checked with Slack's ``auth.test`` first; the workspace id stored is the
         *     one Slack names there (interaction callbacks are routed by it), never one from the body.
         */
        put: operations["connectSlack"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/slack/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which events are posted to which Slack channel */
        get: operations["getSlackNotifications"];
        /**
         * Choose which events are posted to which Slack channel
         * @description Replaces the routes (an empty list stops every notice). Events that happened before
         *     the change are not posted.
         */
        put: operations["setSlackNotifications"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Connect Microsoft Teams with a Workflows webhook URL */
        put: operations["connectTeams"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/teams/bot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Connect Microsoft Teams with the organization's bot (approve inside Teams)
         * @description The bot's app id names the organization to the callbacks Teams sends (their tokens are
         *     issued for it); the secret is sealed. Replaces a Workflows webhook connection. Approval
         *     cards go to the conversation the bot is installed in, once Teams told us about it; a
         *     reconnect of the same bot (a new secret) keeps that conversation.
         */
        put: operations["connectTeamsBot"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/xero": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Connect Xero with OAuth tokens or an authorization code, for one organisation
         * @description Nothing is stored unless Xero accepted the tokens and they open the organisation; a
         *     refusal is a 422 naming the field to fix, with Xero's own words.
         */
        put: operations["connectXero"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger-entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List ledger entries */
        get: operations["listLedgerEntries"];
        put?: never;
        /** Record an invoice, expense or revenue */
        post: operations["createLedgerEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger-entries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A ledger entry */
        get: operations["getLedgerEntry"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rank creators or crews for a session request
         * @description `skills` ranks single creators; `crew` ranks whole crews (nobody twice). Each candidate
         *     carries its score and the components behind it (see docs/api.md for the formula).
         */
        post: operations["findMatches"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List members */
        get: operations["listMembers"];
        put?: never;
        /** Add a member */
        post: operations["createMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A member */
        get: operations["getMember"];
        put?: never;
        post?: never;
        /** Remove a member */
        delete: operations["deleteMember"];
        options?: never;
        head?: never;
        /** Change a member's name, role or status */
        patch: operations["updateMember"];
        trace?: never;
    };
    "/v1/members/{id}/api-key-invites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Invite a member to claim an API key of their own */
        post: operations["createApiKeyInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/milestones/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A milestone */
        get: operations["getMilestone"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/milestones/{id}/checklist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Tick (or untick) a checklist item */
        post: operations["updateMilestoneChecklist"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's organization */
        get: operations["getOwnOrganization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the caller's organization */
        patch: operations["updateOwnOrganization"];
        trace?: never;
    };
    "/v1/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sub-organizations (all depths) */
        get: operations["listOrganizations"];
        put?: never;
        /** Create a sub-organization (imprint, sub-label) */
        post: operations["createOrganization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sub-organization */
        get: operations["getOrganization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a sub-organization */
        patch: operations["updateOrganization"];
        trace?: never;
    };
    "/v1/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The permission catalog */
        get: operations["listPermissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List projects */
        get: operations["listProjects"];
        put?: never;
        /** Create a project and its milestones */
        post: operations["createProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A project with its milestones and sessions */
        get: operations["getProject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a project, change its budget or due date */
        patch: operations["updateProject"];
        trace?: never;
    };
    "/v1/projects/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a project; sessions not started are released */
        post: operations["cancelProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{id}/milestones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a milestone to a project */
        post: operations["addMilestone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Percent per milestone, critical path, projected finish */
        get: operations["getProjectProgress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{id}/replan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delay a milestone; what depends on it is re-planned */
        post: operations["replanProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start the project: its workflow books what is ready */
        post: operations["startProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/revenue/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List revenue imports */
        get: operations["listRevenueImports"];
        put?: never;
        /**
         * Import a revenue statement (CSV or JSON rows)
         * @description Send `text/csv` with the header `period,artist,source,territory,amount,currency,reference` (reference optional), or `application/json` as `{"source_name": "...", "rows": [{...}]}`. `artist` is an artist id, `external_ref` or exact name; `period` is `YYYY-MM`. Every row is validated; `mode=all_or_nothing` (default) imports nothing if any row fails, `mode=partial` imports the valid rows. Lines already imported are `unchanged`: sending the same file again answers 200 and changes nothing. A row in a currency without a stored rate into the reporting currency is an error. Invalid rows → 422 `invalid_rows` with `row_errors` (index, CSV line, field, reason).
         */
        post: operations["importRevenueStatement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/revenue/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A revenue import and its row errors */
        get: operations["getRevenueImport"];
        put?: never;
        post?: never;
        /** Delete an import and its lines (to restate a statement) */
        delete: operations["deleteRevenueImport"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List roles (built-in roles first, then custom roles) */
        get: operations["listRoles"];
        put?: never;
        /** Create a custom role */
        post: operations["createRole"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/roles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A role: `rol_…` for a custom one, the name of a built-in one */
        get: operations["getRole"];
        put?: never;
        post?: never;
        /** Delete a custom role no member holds */
        delete: operations["deleteRole"];
        options?: never;
        head?: never;
        /** Change a custom role */
        patch: operations["updateRole"];
        trace?: never;
    };
    "/v1/rooms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List rooms */
        get: operations["listRooms"];
        put?: never;
        /** Add a room */
        post: operations["createRoom"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rooms/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A room */
        get: operations["getRoom"];
        put?: never;
        post?: never;
        /** Remove a room without bookings */
        delete: operations["deleteRoom"];
        options?: never;
        head?: never;
        /** Change a room */
        patch: operations["updateRoom"];
        trace?: never;
    };
    "/v1/rooms/{id}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Free intervals of a room */
        get: operations["getRoomAvailability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** E-mail the sandbox captured instead of sending */
        get: operations["listEmails"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset the sandbox (optionally seeded with the demo label) */
        post: operations["reset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sso": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's single sign-on settings */
        get: operations["getSsoConfiguration"];
        /**
         * Set up or replace single sign-on
         * @description Replaces every setting; ``client_secret`` may be left out to keep the stored one.
         *     Needs ``organization:write`` and ``members:write`` (SSO creates members); only an owner
         *     maps a claim to the owner role. Two concurrent first set-ups: one gets 409
         *     ``concurrent_update``; concurrent replacements: the last one wins.
         */
        put: operations["setSsoConfiguration"];
        post?: never;
        /** Turn single sign-on off and forget it */
        delete: operations["deleteSsoConfiguration"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/time-off": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List time off */
        get: operations["listTimeOff"];
        put?: never;
        /** Add time off */
        post: operations["createTimeOff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/time-off/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove time off */
        delete: operations["deleteTimeOff"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Daily usage by metric, group, status class and API key */
        get: operations["getDailyUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage/statements/{month}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The month's usage statement: used, included, overage and price per unit */
        get: operations["getMonthlyUsageStatement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Add a webhook endpoint
         * @description The answer carries the signing secret (``whsec_…``); it is never shown again.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook endpoint */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Remove an endpoint
         * @description Pending deliveries to it stop at their next attempt; its attempt log goes with it.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /** Change an endpoint's URL, event types, description or enabled */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery attempts to this endpoint, newest first */
        get: operations["listWebhookAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deliver again every event whose delivery to this endpoint failed since a time */
        post: operations["recoverWebhookEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deliver one event to this endpoint again */
        post: operations["resendWebhookEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the signing secret (shown once)
         * @description Both secrets sign (two signatures in ``webhook-signature``) until the grace ends.
         */
        post: operations["rotateWebhookEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "approval.decided": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An approval chain ended: approved or rejected */
        post: operations["approvalDecidedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "approval.requested": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An approval chain started */
        post: operations["approvalRequestedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "booking.cancelled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A booking was cancelled */
        post: operations["bookingCancelledEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "booking.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A session took place */
        post: operations["bookingCompletedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "booking.confirmed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A booking was confirmed */
        post: operations["bookingConfirmedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "booking.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A booking was made (held or confirmed) */
        post: operations["bookingCreatedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "booking.no_show": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A session was marked as a no-show */
        post: operations["bookingNoShowEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "booking.rescheduled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A booking moved to new times */
        post: operations["bookingRescheduledEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "bulk_booking.cancelled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A bulk booking was cancelled and its holds released */
        post: operations["bulkBookingCancelledEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "bulk_booking.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A bulk booking finished: confirmed, failed, rejected or cancelled (see status) */
        post: operations["bulkBookingCompletedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "bulk_booking.confirmed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Every kept session of a bulk booking was confirmed */
        post: operations["bulkBookingConfirmedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "bulk_booking.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A bulk booking was accepted; its saga plans and holds the sessions next */
        post: operations["bulkBookingCreatedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "client.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A client was added */
        post: operations["clientCreatedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "client.updated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A client changed */
        post: operations["clientUpdatedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "invoice.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An invoice was created in the accounting system for completed work */
        post: operations["invoiceCreatedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "project.milestone_cancelled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A milestone ended unfinished because its project was cancelled (its completed sessions are still billed) */
        post: operations["projectMilestoneCancelledEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "project.milestone_completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A milestone of a project was completed */
        post: operations["projectMilestoneCompletedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "webhook_endpoint.disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An endpoint was disabled after failing every delivery for 5 days */
        post: operations["webhookEndpointDisabledEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** AbsenceCreate */
        AbsenceCreate: {
            /** Delegate Member Id */
            delegate_member_id: string;
            /**
             * Ends At
             * Format: date-time
             */
            ends_at: string;
            /** Member Id */
            member_id: string;
            /**
             * Starts At
             * Format: date-time
             */
            starts_at: string;
        };
        /** AbsenceOut */
        AbsenceOut: {
            /** Delegate Member Id */
            delegate_member_id: string;
            /**
             * Ends At
             * Format: date-time
             */
            ends_at: string;
            /** Id */
            id: string;
            /** Member Id */
            member_id: string;
            /**
             * Object
             * @default absence
             * @constant
             */
            object?: "absence";
            /**
             * Starts At
             * Format: date-time
             */
            starts_at: string;
        };
        /** ApiKeyCreate */
        ApiKeyCreate: {
            /** Expires At */
            expires_at?: string | null;
            /**
             * Mode
             * @default live
             * @enum {string}
             */
            mode?: "live" | "test";
            /** Name */
            name: string;
            /**
             * Permissions
             * @description Defaults to every permission of the creating key
             */
            permissions?: string[] | null;
        };
        /** ApiKeyCreated */
        ApiKeyCreated: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string | null;
            /** Expires At */
            expires_at: string | null;
            /** Id */
            id: string;
            /** Last Used At */
            last_used_at: string | null;
            /** Mode */
            mode: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default api_key
             * @constant
             */
            object?: "api_key";
            /** Permissions */
            permissions: string[];
            /** Redacted */
            redacted: string;
            /** Revoked At */
            revoked_at: string | null;
            /**
             * Secret
             * @description The key itself. Shown once; store it now.
             */
            secret: string;
        };
        /** ApiKeyOut */
        ApiKeyOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string | null;
            /** Expires At */
            expires_at: string | null;
            /** Id */
            id: string;
            /** Last Used At */
            last_used_at: string | null;
            /** Mode */
            mode: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default api_key
             * @constant
             */
            object?: "api_key";
            /** Permissions */
            permissions: string[];
            /** Redacted */
            redacted: string;
            /** Revoked At */
            revoked_at: string | null;
        };
        /**
         * ApprovalDecidedEvent
         * @description An approval chain ended: approved or rejected
         */
        ApprovalDecidedEvent: {
            data: components["schemas"]["ApprovalEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "approval.decided";
        };
        /**
         * ApprovalEventData
         * @example {
         *       "object": "approval_request",
         *       "id": "apr_01jd7v2x3y4z5a6b7c8d9e0f1m",
         *       "subject_type": "booking",
         *       "subject_id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
         *       "summary": "Vocal tracking, 4 h, EUR 480.00",
         *       "status": "pending",
         *       "amount": "480.00",
         *       "currency": "EUR",
         *       "reason": ""
         *     }
         */
        ApprovalEventData: {
            /** Amount */
            amount: string | null;
            /** Currency */
            currency: string | null;
            /** Id */
            id: string;
            /**
             * Object
             * @constant
             */
            object: "approval_request";
            /** Reason */
            reason: string;
            /**
             * Status
             * @description `pending`, `approved` or `rejected`
             */
            status: string;
            /** Subject Id */
            subject_id: string;
            /** Subject Type */
            subject_type: string;
            /** Summary */
            summary: string;
        } & {
            [key: string]: unknown;
        };
        /** ApprovalOut */
        ApprovalOut: {
            /** Amount */
            amount: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Currency */
            currency: string | null;
            /** Decided At */
            decided_at: string | null;
            /** Id */
            id: string;
            /**
             * Object
             * @default approval
             * @constant
             */
            object?: "approval";
            /** Policy Id */
            policy_id: string;
            /** Policy Version */
            policy_version: number;
            /** Reason */
            reason: string;
            /** Status */
            status: string;
            /** Steps */
            steps?: components["schemas"]["StepOut"][];
            /** Subject Id */
            subject_id: string;
            /** Subject Type */
            subject_type: string;
            /** Summary */
            summary: string;
        };
        /**
         * ApprovalRequestedEvent
         * @description An approval chain started
         */
        ApprovalRequestedEvent: {
            data: components["schemas"]["ApprovalEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "approval.requested";
        };
        /**
         * ApproverRef
         * @description A member by id, or every active member holding a role (built-in name or custom id).
         */
        ApproverRef: {
            /** Member Id */
            member_id?: string | null;
            /** Role */
            role?: string | null;
        };
        /** ArtistComparison */
        ArtistComparison: {
            /** Artists */
            artists: components["schemas"]["ArtistSeries"][];
            /** Currency */
            currency: string;
            /** Missing Rates */
            missing_rates: string[];
            /**
             * Object
             * @default artist_comparison
             * @constant
             */
            object?: "artist_comparison";
            /**
             * Period End
             * Format: date
             */
            period_end: string;
            /**
             * Period Start
             * Format: date
             */
            period_start: string;
        };
        /** ArtistCreate */
        ArtistCreate: {
            /** Contract End */
            contract_end?: string | null;
            /** Contract Start */
            contract_start?: string | null;
            /** External Ref */
            external_ref?: string | null;
            /** Genres */
            genres?: string[];
            /** Links */
            links?: string[];
            /** Name */
            name: string;
            /**
             * Status
             * @default active
             * @enum {string}
             */
            status?: "active" | "paused" | "former";
            /** Tags */
            tags?: string[];
        };
        /** ArtistHours */
        ArtistHours: {
            /** Timezone */
            timezone: string;
            /** Working Hours */
            working_hours: {
                [key: string]: string[][];
            };
        };
        /** ArtistOut */
        ArtistOut: {
            /** Contract End */
            contract_end: string | null;
            /** Contract Start */
            contract_start: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** External Ref */
            external_ref: string | null;
            /** Genres */
            genres: string[];
            /** Id */
            id: string;
            /** Links */
            links: string[];
            /** Name */
            name: string;
            /**
             * Object
             * @default artist
             * @constant
             */
            object?: "artist";
            /** Status */
            status: string;
            /** Tags */
            tags: string[];
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** ArtistSeries */
        ArtistSeries: {
            /** Artist Id */
            artist_id: string;
            /** Months */
            months: components["schemas"]["MonthFigures"][];
            /** Name */
            name: string;
            totals: components["schemas"]["MonthFigures"];
        };
        /** ArtistSummary */
        ArtistSummary: {
            /** Artist Id */
            artist_id: string;
            /** Margin */
            margin: string;
            /** Name */
            name: string;
            /** Pending Approvals */
            pending_approvals: number;
            /** Revenue */
            revenue: string;
            /** Sessions Booked */
            sessions_booked: number;
            /** Sessions Completed */
            sessions_completed: number;
            /** Spend Actual */
            spend_actual: string;
            /** Spend Committed */
            spend_committed: string;
            /** Status */
            status: string;
        };
        /** ArtistUpdate */
        ArtistUpdate: {
            /** Contract End */
            contract_end?: string | null;
            /** Contract Start */
            contract_start?: string | null;
            /** External Ref */
            external_ref?: string | null;
            /** Genres */
            genres?: string[] | null;
            /** Links */
            links?: string[] | null;
            /** Name */
            name?: string | null;
            /** Status */
            status?: ("active" | "paused" | "former") | null;
            /** Tags */
            tags?: string[] | null;
        };
        /** AssignmentOut */
        AssignmentOut: {
            /** Channel */
            channel: string | null;
            /** Comment */
            comment: string;
            /** Decided At */
            decided_at: string | null;
            /** Member Id */
            member_id: string;
            /** On Behalf Of */
            on_behalf_of: string | null;
            /** Status */
            status: string;
        };
        /** AttemptOut */
        AttemptOut: {
            /** Attempt */
            attempt: number;
            /**
             * Attempted At
             * Format: date-time
             */
            attempted_at: string;
            /** Delivery Id */
            delivery_id: string;
            /** Duration Ms */
            duration_ms: number;
            /** Endpoint Id */
            endpoint_id: string;
            /** Error */
            error: string | null;
            /** Event Id */
            event_id: string;
            /** Id */
            id: string;
            /**
             * Object
             * @default webhook_attempt
             * @constant
             */
            object?: "webhook_attempt";
            /** Outcome */
            outcome: string;
            /** Response Excerpt */
            response_excerpt: string;
            /** Status Code */
            status_code: number | null;
        };
        /** AuditEventOut */
        AuditEventOut: {
            /** Action */
            action: string;
            /** Actor Id */
            actor_id: string;
            /** Actor Type */
            actor_type: string;
            /** Changes */
            changes: {
                [key: string]: unknown;
            };
            /** Hash */
            hash: string | null;
            /** Id */
            id: string;
            /** Ip Hmac */
            ip_hmac: string | null;
            /**
             * Object
             * @default audit_event
             * @constant
             */
            object?: "audit_event";
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /** Prev Hash */
            prev_hash: string | null;
            /** Request Id */
            request_id: string | null;
            /** Seq */
            seq: number | null;
            /** Target Id */
            target_id: string;
            /** Target Type */
            target_type: string;
        };
        /** AvailabilityOut */
        AvailabilityOut: {
            /** Buffer After Minutes */
            buffer_after_minutes: number;
            /** Buffer Before Minutes */
            buffer_before_minutes: number;
            /** Free */
            free: components["schemas"]["Slot"][];
            /**
             * From
             * Format: date-time
             */
            from: string;
            /**
             * Object
             * @default availability
             */
            object?: string;
            /** Resource Id */
            resource_id: string;
            /** Timezone */
            timezone: string;
            /**
             * To
             * Format: date-time
             */
            to: string;
        };
        /** Backtest */
        Backtest: {
            /** Holdout Months */
            holdout_months: number;
            /**
             * Mape Percent
             * @description Mean absolute percentage error over the held-out months (non-zero ones)
             */
            mape_percent: string | null;
            /** Method */
            method: ("holt_winters_additive" | "seasonal_naive" | "mean") | null;
        };
        /**
         * BookingCancelledEvent
         * @description A booking was cancelled
         */
        BookingCancelledEvent: {
            data: components["schemas"]["BookingEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "booking.cancelled";
        };
        /**
         * BookingCompletedEvent
         * @description A session took place
         */
        BookingCompletedEvent: {
            data: components["schemas"]["BookingEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "booking.completed";
        };
        /**
         * BookingConfirmedEvent
         * @description A booking was confirmed
         */
        BookingConfirmedEvent: {
            data: components["schemas"]["BookingEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "booking.confirmed";
        };
        /**
         * BookingCreate
         * @example {
         *       "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
         *       "room_id": "rm_01jd7v2x3y4z5a6b7c8d9e0f1t",
         *       "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
         *       "title": "Vocal tracking",
         *       "start": "2026-12-01T10:00:00Z",
         *       "end": "2026-12-01T14:00:00Z"
         *     }
         */
        BookingCreate: {
            /**
             * Allow Outside Working Hours
             * @default false
             */
            allow_outside_working_hours?: boolean;
            /** Artist Id */
            artist_id?: string | null;
            /** Client Id */
            client_id?: string | null;
            /** Creator Id */
            creator_id: string;
            /** Currency */
            currency?: string | null;
            /**
             * End
             * Format: date-time
             */
            end: string;
            /**
             * Hold Minutes
             * @default 30
             */
            hold_minutes?: number;
            /**
             * Notes
             * @default
             */
            notes?: string;
            /**
             * Price
             * @description Defaults to the creator's (and room's) hourly rate
             */
            price?: number | string | null;
            /** Room Id */
            room_id?: string | null;
            /**
             * Start
             * Format: date-time
             */
            start: string;
            /**
             * Status
             * @default held
             * @enum {string}
             */
            status?: "held" | "confirmed";
            /**
             * Title
             * @default
             */
            title?: string;
        };
        /**
         * BookingCreatedEvent
         * @description A booking was made (held or confirmed)
         */
        BookingCreatedEvent: {
            data: components["schemas"]["BookingEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "booking.created";
        };
        /**
         * BookingEventData
         * @example {
         *       "object": "booking",
         *       "id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
         *       "status": "confirmed",
         *       "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
         *       "room_id": null,
         *       "artist_id": "art_01jd7v2x3y4z5a6b7c8d9e0f1j",
         *       "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
         *       "project_id": null,
         *       "batch_id": null,
         *       "title": "Vocal tracking",
         *       "start": "2026-12-01T10:00:00+00:00",
         *       "end": "2026-12-01T14:00:00+00:00",
         *       "price": "480.00",
         *       "currency": "EUR",
         *       "status_reason": "",
         *       "version": 2
         *     }
         */
        BookingEventData: {
            /** Artist Id */
            artist_id: string | null;
            /** Batch Id */
            batch_id: string | null;
            /** Client Id */
            client_id: string | null;
            /** Creator Id */
            creator_id: string;
            /** Currency */
            currency: string;
            /**
             * End
             * Format: date-time
             */
            end: string;
            /** Id */
            id: string;
            /**
             * Object
             * @constant
             */
            object: "booking";
            /** Price */
            price: string;
            /** Project Id */
            project_id: string | null;
            /** Room Id */
            room_id: string | null;
            /**
             * Start
             * Format: date-time
             */
            start: string;
            /** Status */
            status: string;
            /** Status Reason */
            status_reason: string;
            /** Title */
            title: string;
            /** Version */
            version: number;
        } & {
            [key: string]: unknown;
        };
        /**
         * BookingNoShowEvent
         * @description A session was marked as a no-show
         */
        BookingNoShowEvent: {
            data: components["schemas"]["BookingEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "booking.no_show";
        };
        /**
         * BookingOut
         * @example {
         *       "object": "booking",
         *       "id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
         *       "status": "held",
         *       "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
         *       "room_id": "rm_01jd7v2x3y4z5a6b7c8d9e0f1t",
         *       "artist_id": null,
         *       "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
         *       "project_id": null,
         *       "batch_id": null,
         *       "title": "Vocal tracking",
         *       "notes": "",
         *       "start": "2026-12-01T10:00:00Z",
         *       "end": "2026-12-01T14:00:00Z",
         *       "price": "480.00",
         *       "currency": "EUR",
         *       "hold_expires_at": "2026-11-20T10:30:00Z",
         *       "status_reason": "",
         *       "version": 1,
         *       "created_at": "2026-11-20T09:30:00Z",
         *       "updated_at": "2026-11-20T09:30:00Z",
         *       "approval_request_id": null
         *     }
         */
        BookingOut: {
            /** Approval Request Id */
            approval_request_id?: string | null;
            /** Artist Id */
            artist_id: string | null;
            /** Batch Id */
            batch_id: string | null;
            /** Client Id */
            client_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Creator Id */
            creator_id: string;
            /** Currency */
            currency: string;
            /**
             * End
             * Format: date-time
             */
            end: string;
            /** Hold Expires At */
            hold_expires_at: string | null;
            /** Id */
            id: string;
            /** Notes */
            notes: string;
            /**
             * Object
             * @default booking
             * @constant
             */
            object?: "booking";
            /** Price */
            price: string;
            /** Project Id */
            project_id: string | null;
            /** Room Id */
            room_id: string | null;
            /**
             * Start
             * Format: date-time
             */
            start: string;
            /** Status */
            status: string;
            /** Status Reason */
            status_reason: string;
            /** Title */
            title: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
        };
        /** BookingPipeline */
        BookingPipeline: {
            /** Currency */
            currency: string;
            /** Missing Rates */
            missing_rates: string[];
            /**
             * Object
             * @default booking_pipeline
             * @constant
             */
            object?: "booking_pipeline";
            /** Period End */
            period_end: string | null;
            /** Period Start */
            period_start: string | null;
            /** Stages */
            stages: components["schemas"]["PipelineStage"][];
        };
        /**
         * BookingRescheduledEvent
         * @description A booking moved to new times
         */
        BookingRescheduledEvent: {
            data: components["schemas"]["BookingEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "booking.rescheduled";
        };
        /** BudgetCreate */
        BudgetCreate: {
            /** Amount */
            amount: number | string;
            /** Artist Id */
            artist_id?: string | null;
            /** Currency */
            currency: string;
            /** Ends On */
            ends_on?: string | null;
            /** Name */
            name: string;
            /** Project Id */
            project_id?: string | null;
            /** Starts On */
            starts_on?: string | null;
            /**
             * Warn At Percent
             * @default 80
             */
            warn_at_percent?: number;
        };
        /** BudgetLine */
        BudgetLine: {
            /** Actual */
            actual: string;
            /** Alert */
            alert: ("exceeded" | "warning") | null;
            /** Artist Id */
            artist_id: string | null;
            /** Budget */
            budget: string;
            /** Budget Id */
            budget_id: string;
            /** Committed */
            committed: string;
            /** Ends On */
            ends_on: string | null;
            /** Message */
            message: string | null;
            /** Name */
            name: string;
            /** Project Id */
            project_id: string | null;
            /** Remaining */
            remaining: string;
            /**
             * Source
             * @enum {string}
             */
            source: "budget" | "project";
            /** Starts On */
            starts_on: string | null;
            /** Used Percent */
            used_percent: string;
        };
        /** BudgetOut */
        BudgetOut: {
            /** Amount */
            amount: string;
            /** Artist Id */
            artist_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Currency */
            currency: string;
            /** Ends On */
            ends_on: string | null;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default budget
             * @constant
             */
            object?: "budget";
            /** Project Id */
            project_id: string | null;
            /** Starts On */
            starts_on: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Warn At Percent */
            warn_at_percent: number;
        };
        /** BudgetReport */
        BudgetReport: {
            /** Alerts */
            alerts: number;
            /** Budgets */
            budgets: components["schemas"]["BudgetLine"][];
            /** Currency */
            currency: string;
            /** Missing Rates */
            missing_rates: string[];
            /**
             * Object
             * @default budget_report
             * @constant
             */
            object?: "budget_report";
        };
        /** BudgetUpdate */
        BudgetUpdate: {
            /** Amount */
            amount?: number | string | null;
            /** Artist Id */
            artist_id?: string | null;
            /** Currency */
            currency?: string | null;
            /** Ends On */
            ends_on?: string | null;
            /** Name */
            name?: string | null;
            /** Project Id */
            project_id?: string | null;
            /** Starts On */
            starts_on?: string | null;
            /** Warn At Percent */
            warn_at_percent?: number | null;
        };
        /**
         * BulkBookingCancelledEvent
         * @description A bulk booking was cancelled and its holds released
         */
        BulkBookingCancelledEvent: {
            data: components["schemas"]["BulkBookingEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "bulk_booking.cancelled";
        };
        /**
         * BulkBookingCompletedEvent
         * @description A bulk booking finished: confirmed, failed, rejected or cancelled (see status)
         */
        BulkBookingCompletedEvent: {
            data: components["schemas"]["BulkBookingEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "bulk_booking.completed";
        };
        /**
         * BulkBookingConfirmedEvent
         * @description Every kept session of a bulk booking was confirmed
         */
        BulkBookingConfirmedEvent: {
            data: components["schemas"]["BulkBookingEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "bulk_booking.confirmed";
        };
        /**
         * BulkBookingCreate
         * @example {
         *       "mode": "all_or_nothing",
         *       "title": "Album sessions",
         *       "dry_run": true,
         *       "sessions": [
         *         {
         *           "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
         *           "start": "2026-12-01T10:00:00Z",
         *           "duration_minutes": 240
         *         },
         *         {
         *           "skills": [
         *             {
         *               "skill": "mixing",
         *               "min_level": 3
         *             }
         *           ],
         *           "duration_minutes": 480,
         *           "window_start": "2026-12-02T00:00:00Z",
         *           "window_end": "2026-12-12T00:00:00Z",
         *           "depends_on": [
         *             0
         *           ]
         *         }
         *       ]
         *     }
         */
        BulkBookingCreate: {
            /**
             * Dry Run
             * @description Return the plan only: nothing is held or stored
             * @default false
             */
            dry_run?: boolean;
            /**
             * Hold Minutes
             * @description How long holds last if the saga stops before confirming (a safety net)
             * @default 60
             */
            hold_minutes?: number;
            /**
             * Mode
             * @description all_or_nothing: any conflict books nothing; best_effort: book what fits
             * @default all_or_nothing
             * @enum {string}
             */
            mode?: "all_or_nothing" | "best_effort";
            /**
             * Sessions
             * @description The sessions, fixed or open, at most 5000
             */
            sessions: components["schemas"]["SessionRequest"][];
            /**
             * Title
             * @description Default title of the sessions
             * @default
             */
            title?: string;
        };
        /**
         * BulkBookingCreatedEvent
         * @description A bulk booking was accepted; its saga plans and holds the sessions next
         */
        BulkBookingCreatedEvent: {
            data: components["schemas"]["BulkBookingEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "bulk_booking.created";
        };
        /**
         * BulkBookingEventData
         * @example {
         *       "object": "bulk_booking",
         *       "id": "blk_01jd7v2x3y4z5a6b7c8d9e0f1n",
         *       "status": "pending",
         *       "mode": "all_or_nothing",
         *       "title": "Album sessions",
         *       "item_count": 40,
         *       "counts": {
         *         "confirmed": 40
         *       },
         *       "total_price": null,
         *       "currency": null,
         *       "reason": ""
         *     }
         */
        BulkBookingEventData: {
            /**
             * Counts
             * @description Items by status
             */
            counts: {
                [key: string]: number;
            };
            /** Currency */
            currency: string | null;
            /** Id */
            id: string;
            /** Item Count */
            item_count: number;
            /** Mode */
            mode: string;
            /**
             * Object
             * @constant
             */
            object: "bulk_booking";
            /** Reason */
            reason: string;
            /** Status */
            status: string;
            /** Title */
            title: string;
            /** Total Price */
            total_price: string | null;
        } & {
            [key: string]: unknown;
        };
        /** BulkBookingOut */
        BulkBookingOut: {
            /** Approval Request Id */
            approval_request_id: string | null;
            /** Counts */
            counts: {
                [key: string]: number;
            };
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Currency */
            currency: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Hold Minutes */
            hold_minutes: number;
            /** Id */
            id: string;
            /** Item Count */
            item_count: number;
            /** Items */
            items?: components["schemas"]["BulkItemOut"][];
            /**
             * Items Has More
             * @default false
             */
            items_has_more?: boolean;
            /** Mode */
            mode: string;
            /**
             * Object
             * @default bulk_booking
             * @constant
             */
            object?: "bulk_booking";
            /** Plan */
            plan: {
                [key: string]: unknown;
            } | null;
            /** Reason */
            reason: string;
            /** Status */
            status: string;
            /** Title */
            title: string;
            /**
             * Total Price
             * @description The live items' total when they share one currency (else null: see totals)
             */
            total_price: string | null;
            /**
             * Totals
             * @description The live (held, awaiting approval, confirmed) items' total per currency
             */
            totals?: {
                [key: string]: string;
            };
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** BulkItemOut */
        BulkItemOut: {
            /** Booking Id */
            booking_id: string | null;
            /** Creator Id */
            creator_id: string | null;
            /** Currency */
            currency: string | null;
            /** End */
            end: string | null;
            /** Index */
            index: number;
            /** Price */
            price: string | null;
            /** Reason */
            reason: {
                [key: string]: unknown;
            } | null;
            /** Ref */
            ref: string | null;
            /** Room Id */
            room_id: string | null;
            /** Start */
            start: string | null;
            /** Status */
            status: string;
            /** Suggestions */
            suggestions: {
                [key: string]: unknown;
            }[];
        };
        /** BulkResultOut */
        BulkResultOut: {
            /** Dry Run */
            dry_run: boolean;
            /**
             * Object
             * @default bulk_result
             * @constant
             */
            object?: "bulk_result";
            /** Rows */
            rows: components["schemas"]["BulkRowOut"][];
            summary: components["schemas"]["BulkSummary"];
        };
        /** BulkRowOut */
        BulkRowOut: {
            /**
             * Errors
             * @default []
             */
            errors?: {
                [key: string]: string;
            }[];
            /** External Ref */
            external_ref?: string | null;
            /** Id */
            id?: string | null;
            /** Index */
            index: number;
            /** Line */
            line?: number | null;
            /**
             * Status
             * @enum {string}
             */
            status: "created" | "updated" | "unchanged" | "error";
        };
        /** BulkSummary */
        BulkSummary: {
            /** Created */
            created: number;
            /** Failed */
            failed: number;
            /** Unchanged */
            unchanged: number;
            /** Updated */
            updated: number;
        };
        /** CandidateOut */
        CandidateOut: {
            /** Breakdown */
            breakdown: {
                [key: string]: unknown;
            };
            /** Creator Id */
            creator_id: string;
            /** Currency */
            currency: string;
            /** Earliest Start */
            earliest_start: string | null;
            /** Hourly Rate */
            hourly_rate: string | null;
            /** Name */
            name: string;
            /**
             * Object
             * @default match
             * @constant
             */
            object?: "match";
            /** Role Index */
            role_index?: number | null;
            /** Score */
            score: number;
            /** Timezone */
            timezone: string;
        };
        /** CapturedEmailOut */
        CapturedEmailOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Html */
            html: string;
            /** Id */
            id: string;
            /**
             * Object
             * @default sandbox_email
             * @constant
             */
            object?: "sandbox_email";
            /** Recipients */
            recipients: string[];
            /** Reply To */
            reply_to: string | null;
            /** Subject */
            subject: string;
            /** Template */
            template: string;
            /** Text */
            text: string;
        };
        /** ChecklistItemInput */
        ChecklistItemInput: {
            /**
             * Id
             * @description Stable key, e.g. `stems-uploaded`
             */
            id: string;
            /** Label */
            label: string;
        };
        /** ChecklistUpdate */
        ChecklistUpdate: {
            /**
             * Done
             * @default true
             */
            done?: boolean;
            /** Item Id */
            item_id: string;
        };
        /** ChildCreate */
        ChildCreate: {
            /** Name */
            name: string;
            /** Plan */
            plan?: ("studio_pro" | "label_enterprise" | "white_label" | "api") | null;
            /** Region */
            region?: ("eu" | "us" | "uk" | "apac") | null;
        };
        /**
         * ClientCreate
         * @example {
         *       "name": "Helix Music Ltd",
         *       "email": "bookings@helix.example",
         *       "domain": "helix.example",
         *       "phone": "+44 20 7946 0000",
         *       "notes": "Invoices to accounts@helix.example",
         *       "external_ref": "crm-4711"
         *     }
         */
        ClientCreate: {
            /** Domain */
            domain?: string | null;
            /** Email */
            email?: string | null;
            /** External Ref */
            external_ref?: string | null;
            /** Name */
            name: string;
            /**
             * Notes
             * @default
             */
            notes?: string;
            /** Phone */
            phone?: string | null;
        };
        /**
         * ClientCreatedEvent
         * @description A client was added
         */
        ClientCreatedEvent: {
            data: components["schemas"]["ClientEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "client.created";
        };
        /**
         * ClientEventData
         * @example {
         *       "object": "client",
         *       "id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
         *       "name": "Helix Music Ltd",
         *       "email": "bookings@helix.example",
         *       "domain": "helix.example",
         *       "phone": null,
         *       "external_ref": null
         *     }
         */
        ClientEventData: {
            /** Domain */
            domain: string | null;
            /** Email */
            email: string | null;
            /** External Ref */
            external_ref: string | null;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /**
             * Object
             * @constant
             */
            object: "client";
            /** Phone */
            phone: string | null;
        } & {
            [key: string]: unknown;
        };
        /**
         * ClientOut
         * @example {
         *       "object": "client",
         *       "id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
         *       "name": "Helix Music Ltd",
         *       "email": "bookings@helix.example",
         *       "domain": "helix.example",
         *       "phone": "+44 20 7946 0000",
         *       "notes": "Invoices to accounts@helix.example",
         *       "external_ref": "crm-4711",
         *       "created_at": "2026-11-20T09:30:00Z",
         *       "updated_at": "2026-11-20T09:30:00Z"
         *     }
         */
        ClientOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Domain */
            domain: string | null;
            /** Email */
            email: string | null;
            /** External Ref */
            external_ref: string | null;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /** Notes */
            notes: string;
            /**
             * Object
             * @default client
             * @constant
             */
            object?: "client";
            /** Phone */
            phone: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** ClientUpdate */
        ClientUpdate: {
            /** Domain */
            domain?: string | null;
            /** Email */
            email?: string | null;
            /** External Ref */
            external_ref?: string | null;
            /** Name */
            name?: string | null;
            /** Notes */
            notes?: string | null;
            /** Phone */
            phone?: string | null;
        };
        /**
         * ClientUpdatedEvent
         * @description A client changed
         */
        ClientUpdatedEvent: {
            data: components["schemas"]["ClientEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "client.updated";
        };
        /** ComponentStatus */
        ComponentStatus: {
            /**
             * Status
             * @enum {string}
             */
            status: "up" | "down";
        };
        /** ConflictCheck */
        ConflictCheck: {
            /** Sessions */
            sessions: components["schemas"]["ProposedSession"][];
        };
        /** ConflictItemOut */
        ConflictItemOut: {
            /** Conflicts */
            conflicts: {
                [key: string]: unknown;
            }[];
            /** Index */
            index: number;
            /** Ok */
            ok: boolean;
        };
        /** ConflictReportOut */
        ConflictReportOut: {
            /** Items */
            items: components["schemas"]["ConflictItemOut"][];
            /**
             * Object
             * @default conflict_report
             * @constant
             */
            object?: "conflict_report";
            /** Ok */
            ok: boolean;
        };
        /** ContractCreate */
        ContractCreate: {
            /**
             * Amount
             * @default 0
             */
            amount?: number | string;
            /** Artist Id */
            artist_id?: string | null;
            /** Booking Id */
            booking_id?: string | null;
            /** Currency */
            currency: string;
            /** Document Url */
            document_url?: string | null;
            /**
             * Terms
             * @default
             */
            terms?: string;
            /** Title */
            title: string;
        };
        /** ContractOut */
        ContractOut: {
            /** Amount */
            amount: string;
            /** Approval Request Id */
            approval_request_id: string | null;
            /** Artist Id */
            artist_id: string | null;
            /** Booking Id */
            booking_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Currency */
            currency: string;
            /** Document Url */
            document_url: string | null;
            /** Id */
            id: string;
            /**
             * Object
             * @default contract
             * @constant
             */
            object?: "contract";
            /** Signed At */
            signed_at: string | null;
            /** Status */
            status: string;
            /** Terms */
            terms: string;
            /** Title */
            title: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** ContractUpdate */
        ContractUpdate: {
            /** Amount */
            amount?: string | null;
            /** Artist Id */
            artist_id?: string | null;
            /** Booking Id */
            booking_id?: string | null;
            /** Currency */
            currency?: string | null;
            /** Document Url */
            document_url?: string | null;
            /** Terms */
            terms?: string | null;
            /** Title */
            title?: string | null;
        };
        /** CreatorCreate */
        CreatorCreate: {
            /**
             * Bio
             * @default
             */
            bio?: string;
            /**
             * Buffer After Minutes
             * @default 0
             */
            buffer_after_minutes?: number;
            /**
             * Buffer Before Minutes
             * @default 0
             */
            buffer_before_minutes?: number;
            /** City */
            city?: string | null;
            /**
             * Country
             * @description ISO 3166-1 alpha-2
             */
            country?: string | null;
            /** Currency */
            currency: string;
            /**
             * Date Overrides
             * @description Per date: {"2026-12-24": []} closes the day
             */
            date_overrides?: {
                [key: string]: string[][];
            };
            /** Day Rate */
            day_rate?: number | string | null;
            /** Email */
            email?: string | null;
            /** External Ref */
            external_ref?: string | null;
            /** Hourly Rate */
            hourly_rate?: number | string | null;
            /** Latitude */
            latitude?: number | null;
            /** Longitude */
            longitude?: number | null;
            /**
             * Min Notice Minutes
             * @default 0
             */
            min_notice_minutes?: number;
            /** Name */
            name: string;
            /** Roles */
            roles?: string[];
            /**
             * Skills
             * @description skill → level 1 (learning) … 5 (world class)
             */
            skills?: {
                [key: string]: number;
            };
            /**
             * Status
             * @default active
             * @enum {string}
             */
            status?: "active" | "inactive";
            /** Tags */
            tags?: string[];
            /**
             * Timezone
             * @description IANA name, e.g. Europe/Berlin
             */
            timezone: string;
            /**
             * Working Hours
             * @description Weekly rules in local time: {"mon": [["09:00", "18:00"]]}
             */
            working_hours?: {
                [key: string]: string[][];
            };
        };
        /** CreatorOut */
        CreatorOut: {
            /** Bio */
            bio: string;
            /** Buffer After Minutes */
            buffer_after_minutes: number;
            /** Buffer Before Minutes */
            buffer_before_minutes: number;
            /** City */
            city: string | null;
            /** Country */
            country: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Currency */
            currency: string;
            /** Date Overrides */
            date_overrides: {
                [key: string]: string[][];
            };
            /** Day Rate */
            day_rate: string | null;
            /** Email */
            email: string | null;
            /** External Ref */
            external_ref: string | null;
            /**
             * Hourly Rate
             * @description Decimal string in `currency`
             */
            hourly_rate: string | null;
            /** Id */
            id: string;
            /** Latitude */
            latitude: number | null;
            /** Longitude */
            longitude: number | null;
            /** Min Notice Minutes */
            min_notice_minutes: number;
            /** Name */
            name: string;
            /**
             * Object
             * @default creator
             * @constant
             */
            object?: "creator";
            /** Roles */
            roles: string[];
            /** Skills */
            skills: {
                [key: string]: number;
            };
            /** Status */
            status: string;
            /** Tags */
            tags: string[];
            /** Timezone */
            timezone: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Working Hours */
            working_hours: {
                [key: string]: string[][];
            };
        };
        /**
         * CreatorUpdate
         * @description Any subset of the creator's fields; the result is validated as a whole.
         */
        CreatorUpdate: {
            /** Bio */
            bio?: string | null;
            /** Buffer After Minutes */
            buffer_after_minutes?: number | null;
            /** Buffer Before Minutes */
            buffer_before_minutes?: number | null;
            /** City */
            city?: string | null;
            /** Country */
            country?: string | null;
            /** Currency */
            currency?: string | null;
            /** Date Overrides */
            date_overrides?: {
                [key: string]: string[][];
            } | null;
            /** Day Rate */
            day_rate?: number | string | null;
            /** Email */
            email?: string | null;
            /** External Ref */
            external_ref?: string | null;
            /** Hourly Rate */
            hourly_rate?: number | string | null;
            /** Latitude */
            latitude?: number | null;
            /** Longitude */
            longitude?: number | null;
            /** Min Notice Minutes */
            min_notice_minutes?: number | null;
            /** Name */
            name?: string | null;
            /** Roles */
            roles?: string[] | null;
            /** Skills */
            skills?: {
                [key: string]: number;
            } | null;
            /** Status */
            status?: ("active" | "inactive") | null;
            /** Tags */
            tags?: string[] | null;
            /** Timezone */
            timezone?: string | null;
            /** Working Hours */
            working_hours?: {
                [key: string]: string[][];
            } | null;
        };
        /** CreatorUsage */
        CreatorUsage: {
            /** Booked Hours */
            booked_hours: string;
            /** Capacity Hours */
            capacity_hours: string;
            /** Completed Hours */
            completed_hours: string;
            /** Creator Id */
            creator_id: string;
            /** Name */
            name: string;
            /** Sessions */
            sessions: number;
            /** Utilisation */
            utilisation: string | null;
        };
        /** CreatorUtilisation */
        CreatorUtilisation: {
            /** Creators */
            creators: components["schemas"]["CreatorUsage"][];
            /**
             * Object
             * @default creator_utilisation
             * @constant
             */
            object?: "creator_utilisation";
            /**
             * Period End
             * Format: date
             */
            period_end: string;
            /**
             * Period Start
             * Format: date
             */
            period_start: string;
        };
        /** CrewOut */
        CrewOut: {
            /** Common Start */
            common_start: string | null;
            /** Members */
            members: components["schemas"]["CandidateOut"][];
            /**
             * Object
             * @default crew
             * @constant
             */
            object?: "crew";
            /** Score */
            score: number;
        };
        /** CrewRole */
        CrewRole: {
            /**
             * Count
             * @default 1
             */
            count?: number;
            /**
             * Role
             * @description Matches creator roles
             */
            role?: string | null;
            /** Skills */
            skills?: components["schemas"]["SkillNeed"][];
        };
        /**
         * DecisionIn
         * @example {
         *       "decision": "approve",
         *       "comment": "Within this quarter's budget"
         *     }
         */
        DecisionIn: {
            /**
             * Comment
             * @default
             */
            comment?: string;
            /**
             * Decision
             * @enum {string}
             */
            decision: "approve" | "reject";
        };
        /** DelegateIn */
        DelegateIn: {
            /**
             * Comment
             * @default
             */
            comment?: string;
            /** To Member Id */
            to_member_id: string;
        };
        /**
         * EndpointCreate
         * @example {
         *       "url": "https://hooks.example.com/auditoryx",
         *       "event_types": [
         *         "booking.confirmed",
         *         "booking.cancelled"
         *       ],
         *       "description": "CRM sync"
         *     }
         */
        EndpointCreate: {
            /**
             * Description
             * @default
             */
            description?: string;
            /** Event Types */
            event_types: string[];
            /**
             * Url
             * @description https:// URL of the receiver
             */
            url: string;
        };
        /**
         * EndpointOut
         * @example {
         *       "object": "webhook_endpoint",
         *       "id": "we_01jd7v2x3y4z5a6b7c8d9e0f1r",
         *       "url": "https://hooks.example.com/auditoryx",
         *       "event_types": [
         *         "booking.confirmed",
         *         "booking.cancelled"
         *       ],
         *       "description": "CRM sync",
         *       "enabled": true,
         *       "disabled_reason": null,
         *       "failing_since": null,
         *       "created_at": "2026-11-20T09:30:00Z",
         *       "updated_at": "2026-11-20T09:30:00Z",
         *       "secret": "whsec_MfKQ9r8GKYqXe5H3nFt7k0hPwdLzB1sU"
         *     }
         */
        EndpointOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string;
            /** Disabled Reason */
            disabled_reason: string | null;
            /** Enabled */
            enabled: boolean;
            /** Event Types */
            event_types: string[];
            /** Failing Since */
            failing_since: string | null;
            /** Id */
            id: string;
            /**
             * Object
             * @default webhook_endpoint
             * @constant
             */
            object?: "webhook_endpoint";
            /**
             * Secret
             * @description The signing secret: only in the answer that created it
             */
            secret?: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Url */
            url: string;
        };
        /** EndpointUpdate */
        EndpointUpdate: {
            /** Description */
            description?: string | null;
            /** Enabled */
            enabled?: boolean | null;
            /** Event Types */
            event_types?: string[] | null;
            /** Url */
            url?: string | null;
        };
        /** EventOut */
        EventOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Data */
            data: {
                [key: string]: unknown;
            };
            /** Id */
            id: string;
            /**
             * Object
             * @default event
             * @constant
             */
            object?: "event";
            /** Type */
            type: string;
        };
        /** EventTypeOut */
        EventTypeOut: {
            /** Description */
            description: string;
            /** Example */
            example: {
                [key: string]: unknown;
            };
            /**
             * Object
             * @default event_type
             * @constant
             */
            object?: "event_type";
            /** Type */
            type: string;
        };
        /** FeedCreate */
        FeedCreate: {
            /**
             * Creator Id
             * @description Omit for the whole organization's bookings
             */
            creator_id?: string | null;
        };
        /** FeedCreated */
        FeedCreated: {
            /**
             * Api Key Id
             * @description The key that made the feed; the feed stops serving when that key is revoked or expires, or its member is disabled or removed
             */
            api_key_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Creator Id */
            creator_id: string | null;
            /** Id */
            id: string;
            /**
             * Object
             * @default calendar_feed
             * @constant
             */
            object?: "calendar_feed";
            /** Revoked At */
            revoked_at: string | null;
            /**
             * Url
             * @description The secret feed URL. Shown once; subscribe to it now.
             */
            url: string;
        };
        /** FeedOut */
        FeedOut: {
            /**
             * Api Key Id
             * @description The key that made the feed; the feed stops serving when that key is revoked or expires, or its member is disabled or removed
             */
            api_key_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Creator Id */
            creator_id: string | null;
            /** Id */
            id: string;
            /**
             * Object
             * @default calendar_feed
             * @constant
             */
            object?: "calendar_feed";
            /** Revoked At */
            revoked_at: string | null;
        };
        /** Forecast */
        Forecast: {
            /** Artist Id */
            artist_id: string | null;
            backtest: components["schemas"]["Backtest"];
            /** Currency */
            currency: string;
            /** Forecast */
            forecast: components["schemas"]["ForecastPoint"][];
            /** History */
            history: components["schemas"]["HistoryPoint"][];
            /**
             * Method
             * @enum {string}
             */
            method: "holt_winters_additive" | "seasonal_naive" | "mean";
            /** Missing Rates */
            missing_rates: string[];
            /**
             * Object
             * @default revenue_forecast
             * @constant
             */
            object?: "revenue_forecast";
            /** Parameters */
            parameters: {
                [key: string]: number;
            };
        };
        /** ForecastPoint */
        ForecastPoint: {
            /** Lower 80 */
            lower_80: string;
            /** Lower 95 */
            lower_95: string;
            /**
             * Month
             * Format: date
             */
            month: string;
            /** Upper 80 */
            upper_80: string;
            /** Upper 95 */
            upper_95: string;
            /** Value */
            value: string;
        };
        /** HistoryPoint */
        HistoryPoint: {
            /**
             * Month
             * Format: date
             */
            month: string;
            /** Value */
            value: string;
        };
        /**
         * HubSpotConnectIn
         * @description A private app's ``access_token`` alone; or OAuth: the ``authorization_code`` of the
         *     app's install redirect with ``client_id``, ``client_secret`` and ``redirect_uri``, or an
         *     OAuth ``access_token`` with its ``refresh_token``, ``client_id`` and ``client_secret``.
         */
        HubSpotConnectIn: {
            /**
             * Access Token
             * @description A private-app access token (pat-…) or an OAuth access token with the crm.objects.companies/contacts/deals read and write scopes
             */
            access_token?: string | null;
            /**
             * Authorization Code
             * @description The code from HubSpot's install redirect; exchanged for tokens here
             */
            authorization_code?: string | null;
            /**
             * Client Id
             * @description The HubSpot app's client id
             */
            client_id?: string | null;
            /** Client Secret */
            client_secret?: string | null;
            /**
             * Expires At
             * @description When the OAuth access_token expires (default: 25 minutes)
             */
            expires_at?: string | null;
            /**
             * Redirect Uri
             * @description The redirect URI the code was issued for (with authorization_code)
             */
            redirect_uri?: string | null;
            /**
             * Refresh Token
             * @description The OAuth refresh token of access_token; access tokens are then refreshed before they expire
             */
            refresh_token?: string | null;
        };
        /**
         * ImportReport
         * @description What an import did. ``id`` is None when nothing was stored (nothing new to import).
         */
        ImportReport: {
            /** Created At */
            created_at?: string | null;
            /** Errors */
            errors: components["schemas"]["RowError"][];
            /** Id */
            id: string | null;
            /**
             * Mode
             * @enum {string}
             */
            mode: "partial" | "all_or_nothing";
            /**
             * Object
             * @default revenue_import
             * @constant
             */
            object?: "revenue_import";
            /** Reporting Currency */
            reporting_currency: string;
            /** Rows Failed */
            rows_failed: number;
            /** Rows Imported */
            rows_imported: number;
            /** Rows Total */
            rows_total: number;
            /** Rows Unchanged */
            rows_unchanged: number;
            /** Source Name */
            source_name: string;
            /**
             * Status
             * @enum {string}
             */
            status: "imported" | "partial" | "unchanged";
        };
        /** IntegrationOut */
        IntegrationOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** External Account Id */
            external_account_id: string | null;
            /** Last Error */
            last_error: string | null;
            /** Last Error At */
            last_error_at: string | null;
            /**
             * Object
             * @default integration
             * @constant
             */
            object?: "integration";
            /** Provider */
            provider: string;
            /** Settings */
            settings: {
                [key: string]: unknown;
            };
            /** Status */
            status: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** IntegrationSettingsIn */
        IntegrationSettingsIn: {
            /**
             * Invoice Per
             * @description QuickBooks and Xero only: one invoice per completed session (default), or one per completed milestone with a line per session. Work already invoiced is never invoiced again either way.
             */
            invoice_per?: ("session" | "milestone") | null;
            /**
             * Opportunity Stages
             * @description Salesforce only: booking status → the opportunity stage (the API name of a value of the StageName picklist). Replaces the previous mapping; a status left out gets the default: held → Prospecting, pending_approval → Qualification, confirmed → Proposal/Price Quote, completed → Closed Won, cancelled → Closed Lost, expired → Closed Lost, no_show → Closed Lost
             */
            opportunity_stages?: {
                [key: string]: string;
            } | null;
            /**
             * Reconcile Every Hours
             * @description How often the connection is reconciled (hours; default 24)
             */
            reconcile_every_hours?: number | null;
        };
        /** IntegrationSettingsOut */
        IntegrationSettingsOut: {
            /** Invoice Per */
            invoice_per?: ("session" | "milestone") | null;
            /**
             * Object
             * @default integration_settings
             * @constant
             */
            object?: "integration_settings";
            /**
             * Opportunity Stages
             * @description Salesforce: the stage each booking status maps to
             */
            opportunity_stages?: {
                [key: string]: string;
            } | null;
            /** Provider */
            provider: string;
            /** Reconcile Every Hours */
            reconcile_every_hours: number;
        };
        /**
         * InvoiceCreatedEvent
         * @description An invoice was created in the accounting system for completed work
         */
        InvoiceCreatedEvent: {
            data: components["schemas"]["InvoiceEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "invoice.created";
        };
        /**
         * InvoiceEventData
         * @example {
         *       "object": "invoice",
         *       "provider": "quickbooks",
         *       "external_id": "145",
         *       "doc_number": "AX-4E0F1G2H3J",
         *       "booking_id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
         *       "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
         *       "total": "480.00",
         *       "currency": "EUR"
         *     }
         */
        InvoiceEventData: {
            /** Booking Id */
            booking_id: string | null;
            /** Booking Ids */
            booking_ids?: string[];
            /** Client Id */
            client_id: string | null;
            /** Currency */
            currency: string;
            /** Doc Number */
            doc_number: string;
            /**
             * External Id
             * @description The invoice's id in the accounting system
             */
            external_id: string;
            /**
             * Object
             * @constant
             */
            object: "invoice";
            /**
             * Payment Status
             * @default null
             */
            payment_status?: string | null;
            /**
             * Provider
             * @description The accounting system, such as `quickbooks`
             */
            provider: string;
            /**
             * Replaces
             * @description The invoice this one replaces
             * @default null
             */
            replaces?: string | null;
            /** Total */
            total: string;
        } & {
            [key: string]: unknown;
        };
        /** ItemListOut */
        ItemListOut: {
            /** Data */
            data: components["schemas"]["BulkItemOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** KeyInviteClaim */
        KeyInviteClaim: {
            /** Token */
            token: string;
        };
        /** KeyInviteCreate */
        KeyInviteCreate: {
            /**
             * Expires In Hours
             * @default 72
             */
            expires_in_hours?: number;
            /**
             * Mode
             * @default live
             * @enum {string}
             */
            mode?: "live" | "test";
            /**
             * Name
             * @description The key's name once claimed
             */
            name: string;
            /**
             * Permissions
             * @description Defaults to everything the member's role allows; never more than that, nor more than the inviting key's own permissions
             */
            permissions?: string[] | null;
        };
        /** KeyInviteOut */
        KeyInviteOut: {
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /** Id */
            id: string;
            /** Member Id */
            member_id: string;
            /** Mode */
            mode: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default api_key_invite
             * @constant
             */
            object?: "api_key_invite";
            /** Permissions */
            permissions: string[];
            /**
             * Token
             * @description Give it to the member, who claims their key with it (shown once)
             */
            token: string;
        };
        /** LedgerEntryCreate */
        LedgerEntryCreate: {
            /** Amount */
            amount: number | string;
            /** Artist Id */
            artist_id?: string | null;
            /**
             * Booking Id
             * @description An invoice for a booking replaces the booking's price as its actual cost
             */
            booking_id?: string | null;
            /** Creator Id */
            creator_id?: string | null;
            /** Currency */
            currency: string;
            /**
             * Description
             * @default
             */
            description?: string;
            /** External Ref */
            external_ref?: string | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "invoice" | "expense" | "revenue";
            /**
             * Occurred On
             * Format: date
             */
            occurred_on: string;
            /** Project Id */
            project_id?: string | null;
        };
        /** LedgerEntryOut */
        LedgerEntryOut: {
            /** Amount */
            amount: string;
            /** Artist Id */
            artist_id: string | null;
            /** Booking Id */
            booking_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Creator Id */
            creator_id: string | null;
            /** Currency */
            currency: string;
            /** Description */
            description: string;
            /** External Ref */
            external_ref: string | null;
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /**
             * Object
             * @default ledger_entry
             * @constant
             */
            object?: "ledger_entry";
            /**
             * Occurred On
             * Format: date
             */
            occurred_on: string;
            /** Project Id */
            project_id: string | null;
        };
        /** ListResponse[AbsenceOut] */
        ListResponse_AbsenceOut_: {
            /** Data */
            data: components["schemas"]["AbsenceOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[ApiKeyOut] */
        ListResponse_ApiKeyOut_: {
            /** Data */
            data: components["schemas"]["ApiKeyOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[ApprovalOut] */
        ListResponse_ApprovalOut_: {
            /** Data */
            data: components["schemas"]["ApprovalOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[ArtistOut] */
        ListResponse_ArtistOut_: {
            /** Data */
            data: components["schemas"]["ArtistOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[AttemptOut] */
        ListResponse_AttemptOut_: {
            /** Data */
            data: components["schemas"]["AttemptOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[AuditEventOut] */
        ListResponse_AuditEventOut_: {
            /** Data */
            data: components["schemas"]["AuditEventOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[BookingOut] */
        ListResponse_BookingOut_: {
            /** Data */
            data: components["schemas"]["BookingOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[BudgetOut] */
        ListResponse_BudgetOut_: {
            /** Data */
            data: components["schemas"]["BudgetOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[BulkBookingOut] */
        ListResponse_BulkBookingOut_: {
            /** Data */
            data: components["schemas"]["BulkBookingOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[CapturedEmailOut] */
        ListResponse_CapturedEmailOut_: {
            /** Data */
            data: components["schemas"]["CapturedEmailOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[ClientOut] */
        ListResponse_ClientOut_: {
            /** Data */
            data: components["schemas"]["ClientOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[ContractOut] */
        ListResponse_ContractOut_: {
            /** Data */
            data: components["schemas"]["ContractOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[CreatorOut] */
        ListResponse_CreatorOut_: {
            /** Data */
            data: components["schemas"]["CreatorOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[EndpointOut] */
        ListResponse_EndpointOut_: {
            /** Data */
            data: components["schemas"]["EndpointOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[EventOut] */
        ListResponse_EventOut_: {
            /** Data */
            data: components["schemas"]["EventOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[EventTypeOut] */
        ListResponse_EventTypeOut_: {
            /** Data */
            data: components["schemas"]["EventTypeOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[FeedOut] */
        ListResponse_FeedOut_: {
            /** Data */
            data: components["schemas"]["FeedOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[ImportReport] */
        ListResponse_ImportReport_: {
            /** Data */
            data: components["schemas"]["ImportReport"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[IntegrationOut] */
        ListResponse_IntegrationOut_: {
            /** Data */
            data: components["schemas"]["IntegrationOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[LedgerEntryOut] */
        ListResponse_LedgerEntryOut_: {
            /** Data */
            data: components["schemas"]["LedgerEntryOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[MemberOut] */
        ListResponse_MemberOut_: {
            /** Data */
            data: components["schemas"]["MemberOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[OrganizationOut] */
        ListResponse_OrganizationOut_: {
            /** Data */
            data: components["schemas"]["OrganizationOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[OutboxOut] */
        ListResponse_OutboxOut_: {
            /** Data */
            data: components["schemas"]["OutboxOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[PermissionOut] */
        ListResponse_PermissionOut_: {
            /** Data */
            data: components["schemas"]["PermissionOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[PolicyOut] */
        ListResponse_PolicyOut_: {
            /** Data */
            data: components["schemas"]["PolicyOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[ProjectOut] */
        ListResponse_ProjectOut_: {
            /** Data */
            data: components["schemas"]["ProjectOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[ReconciliationOut] */
        ListResponse_ReconciliationOut_: {
            /** Data */
            data: components["schemas"]["ReconciliationOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[RoleOut] */
        ListResponse_RoleOut_: {
            /** Data */
            data: components["schemas"]["RoleOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[RoomOut] */
        ListResponse_RoomOut_: {
            /** Data */
            data: components["schemas"]["RoomOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[TemplateOut] */
        ListResponse_TemplateOut_: {
            /** Data */
            data: components["schemas"]["TemplateOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** ListResponse[TimeOffOut] */
        ListResponse_TimeOffOut_: {
            /** Data */
            data: components["schemas"]["TimeOffOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Object
             * @default list
             * @constant
             */
            object?: "list";
        };
        /** MatchBody */
        MatchBody: {
            artist_hours?: components["schemas"]["ArtistHours"] | null;
            /** Crew */
            crew?: components["schemas"]["CrewRole"][];
            /** Duration Minutes */
            duration_minutes: number;
            /**
             * Limit
             * @default 10
             */
            limit?: number;
            max_hourly_rate?: components["schemas"]["MoneyIn"] | null;
            near?: components["schemas"]["Near"] | null;
            /** Skills */
            skills?: components["schemas"]["SkillNeed"][];
            /** Timezones */
            timezones?: string[];
            /**
             * Window End
             * Format: date-time
             */
            window_end: string;
            /**
             * Window Start
             * Format: date-time
             */
            window_start: string;
        };
        /** MatchesOut */
        MatchesOut: {
            /** Crews */
            crews: components["schemas"]["CrewOut"][];
            /** Data */
            data: components["schemas"]["CandidateOut"][];
            /**
             * Object
             * @default match_result
             * @constant
             */
            object?: "match_result";
        };
        /** MemberCreate */
        MemberCreate: {
            /**
             * Email
             * Format: email
             */
            email: string;
            /** Name */
            name: string;
            /**
             * Role
             * @description A built-in role name or a custom role id (rol_…)
             */
            role: string;
        };
        /** MemberOut */
        MemberOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Email */
            email: string;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default member
             * @constant
             */
            object?: "member";
            /** Role */
            role: string;
            /** Status */
            status: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** MemberUpdate */
        MemberUpdate: {
            /** Name */
            name?: string | null;
            /** Role */
            role?: string | null;
            /** Status */
            status?: ("active" | "disabled") | null;
        };
        /** MilestoneCreate */
        MilestoneCreate: {
            /** Checklist */
            checklist?: components["schemas"]["ChecklistItemInput"][];
            /**
             * Depends On
             * @description Keys or ids (`mst_…`) of milestones of the same project
             */
            depends_on?: string[];
            /** Due At */
            due_at?: string | null;
            /**
             * Key
             * @description Unique within the project, e.g. `tracking`
             */
            key: string;
            /** Name */
            name: string;
            /** Sessions */
            sessions?: components["schemas"]["SessionRequestInput"][];
        };
        /**
         * MilestoneEventData
         * @example {
         *       "object": "milestone",
         *       "id": "mst_01jd7v2x3y4z5a6b7c8d9e0f1p",
         *       "project_id": "prj_01jd7v2x3y4z5a6b7c8d9e0f1q",
         *       "key": "mixing",
         *       "name": "Mixing",
         *       "status": "done",
         *       "completed_at": "2026-12-04T18:00:00+00:00"
         *     }
         */
        MilestoneEventData: {
            /** Completed At */
            completed_at: string | null;
            /** Id */
            id: string;
            /** Key */
            key: string;
            /** Name */
            name: string;
            /**
             * Object
             * @constant
             */
            object: "milestone";
            /** Project Id */
            project_id: string;
            /** Status */
            status: string;
        } & {
            [key: string]: unknown;
        };
        /** MilestoneInput */
        MilestoneInput: {
            /** Checklist */
            checklist?: components["schemas"]["ChecklistItemInput"][];
            /**
             * Depends On
             * @description Keys or ids (`mst_…`) of milestones of the same project
             */
            depends_on?: string[];
            /** Due At */
            due_at?: string | null;
            /**
             * Key
             * @description Unique within the project, e.g. `tracking`
             */
            key: string;
            /** Name */
            name: string;
            /** Sessions */
            sessions?: components["schemas"]["SessionRequestInput"][];
        };
        /** MilestoneOut */
        MilestoneOut: {
            /** Booked At */
            booked_at: string | null;
            /** Checklist */
            checklist: {
                [key: string]: unknown;
            }[];
            /** Completed At */
            completed_at: string | null;
            /** Depends On */
            depends_on: string[];
            /** Due At */
            due_at: string | null;
            /** Id */
            id: string;
            /** Key */
            key: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default milestone
             * @constant
             */
            object?: "milestone";
            /** Project Id */
            project_id: string;
            /** Sessions */
            sessions: components["schemas"]["SessionOut"][];
            /** Shift Minutes */
            shift_minutes: number;
            /** Status */
            status: string;
        };
        /** MilestoneProgress */
        MilestoneProgress: {
            /**
             * Checklist Done
             * @default 0
             */
            checklist_done?: number;
            /**
             * Checklist Total
             * @default 0
             */
            checklist_total?: number;
            /** Depends On */
            depends_on?: string[];
            /** Due At */
            due_at?: string | null;
            /** Failed Sessions */
            failed_sessions?: string[];
            /** Id */
            id: string;
            /** Key */
            key: string;
            /**
             * Late
             * @default false
             */
            late?: boolean;
            /** Name */
            name: string;
            /**
             * Percent
             * @default 0
             */
            percent?: number;
            /** Planned Start */
            planned_start?: string | null;
            /** Projected Finish */
            projected_finish?: string | null;
            /**
             * Ready
             * @default false
             */
            ready?: boolean;
            /**
             * Sessions Completed
             * @default 0
             */
            sessions_completed?: number;
            /**
             * Sessions Total
             * @default 0
             */
            sessions_total?: number;
            /**
             * Shift Minutes
             * @default 0
             */
            shift_minutes?: number;
            /** Status */
            status: string;
            /** Unplaced Sessions */
            unplaced_sessions?: components["schemas"]["UnplacedSession"][];
        };
        /**
         * MoneyIn
         * @description An amount as a decimal string in an ISO 4217 currency (never a float).
         */
        MoneyIn: {
            /**
             * Amount
             * @description Decimal string, e.g. "80.00"
             */
            amount: number | string;
            /** Currency */
            currency: string;
        };
        /** MonthFigures */
        MonthFigures: {
            /** Margin */
            margin: string;
            /**
             * Month
             * Format: date
             */
            month: string;
            /** Revenue */
            revenue: string;
            /** Spend Actual */
            spend_actual: string;
            /** Spend Committed */
            spend_committed: string;
        };
        /** Near */
        Near: {
            /** Latitude */
            latitude: number;
            /** Longitude */
            longitude: number;
            /**
             * Max Km
             * @default 500
             */
            max_km?: number;
        };
        /** NotificationRoute */
        NotificationRoute: {
            /**
             * Channel
             * @description The channel's ID (C… or G…, in the channel's details in Slack); the bot must be a member of it
             */
            channel: string;
            /**
             * Event Type
             * @description A type of the event catalog
             */
            event_type: string;
        };
        /** NotificationRouteOut */
        NotificationRouteOut: {
            /** Channel */
            channel: string;
            /** Event Type */
            event_type: string;
            /**
             * Since
             * @description When the route was set: only later events are posted
             */
            since?: string | null;
        };
        /** NotificationsIn */
        NotificationsIn: {
            /** Routes */
            routes: components["schemas"]["NotificationRoute"][];
        };
        /** NotificationsOut */
        NotificationsOut: {
            /**
             * Object
             * @default slack_notifications
             * @constant
             */
            object?: "slack_notifications";
            /** Routes */
            routes: components["schemas"]["NotificationRouteOut"][];
        };
        /** OrganizationOut */
        OrganizationOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default organization
             * @constant
             */
            object?: "organization";
            /** Parent Id */
            parent_id: string | null;
            /** Plan */
            plan: string;
            /** Region */
            region: string;
            /**
             * Sandbox
             * @default false
             */
            sandbox?: boolean;
            /** Settings */
            settings: {
                [key: string]: unknown;
            };
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** OrganizationUpdate */
        OrganizationUpdate: {
            /** Name */
            name?: string | null;
            /** Region */
            region?: ("eu" | "us" | "uk" | "apac") | null;
            /** Settings */
            settings?: {
                [key: string]: unknown;
            } | null;
        };
        /** OutboxOut */
        OutboxOut: {
            /** Attempts */
            attempts: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /** Last Error */
            last_error: string;
            /**
             * Object
             * @default email
             * @constant
             */
            object?: "email";
            /** Sent At */
            sent_at: string | null;
            /** Status */
            status: string;
            /** Subject */
            subject: string;
            /** Subject Id */
            subject_id: string | null;
            /** To */
            to: string;
        };
        /** PermissionOut */
        PermissionOut: {
            /** Description */
            description: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default permission
             * @constant
             */
            object?: "permission";
        };
        /** PipelineStage */
        PipelineStage: {
            /** Bookings */
            bookings: number;
            /** Status */
            status: string;
            /** Value */
            value: string;
        };
        /** PlanItemOut */
        PlanItemOut: {
            /** Creator Id */
            creator_id: string | null;
            /** Currency */
            currency: string | null;
            /** End */
            end: string | null;
            /** Index */
            index: number;
            /** Placed */
            placed: boolean;
            /** Preference */
            preference: number | null;
            /** Price */
            price: string | null;
            /** Reason */
            reason: {
                [key: string]: unknown;
            } | null;
            /** Ref */
            ref: string | null;
            /** Room Id */
            room_id: string | null;
            /** Score */
            score: number | null;
            /** Start */
            start: string | null;
        };
        /** PlanOut */
        PlanOut: {
            /** Currency */
            currency: string;
            /** Items */
            items: components["schemas"]["PlanItemOut"][];
            /**
             * Object
             * @default bulk_booking_plan
             * @constant
             */
            object?: "bulk_booking_plan";
            /** Objective */
            objective: string;
            /** Optimality Gap */
            optimality_gap: number | null;
            /** Solve Ms */
            solve_ms: number;
            /** Status */
            status: string;
            /** Total Cost */
            total_cost: string;
            /** Totals By Currency */
            totals_by_currency: {
                [key: string]: string;
            };
        };
        /**
         * PlanReason
         * @description Why a session could not be placed: the constraint family that alone rules it out. A
         *     fixed session blocked by existing bookings says what a single booking would: who is in the
         *     way and the nearest free slots (``booking_conflict``).
         */
        PlanReason: {
            /**
             * Code
             * @enum {string}
             */
            code: "no_creator_with_skill" | "over_budget" | "currency_mismatch" | "no_free_slot_in_window" | "outside_timezones" | "dependency_unplaceable" | "dependency_order" | "room_unavailable" | "creator_unavailable" | "capacity" | "booking_conflict";
            /** Conflicting Bookings */
            conflicting_bookings?: {
                [key: string]: unknown;
            }[] | null;
            /** Detail */
            detail: string;
            /** Suggested Slots */
            suggested_slots?: {
                [key: string]: string;
            }[] | null;
        };
        /**
         * PolicyConditions
         * @description All given conditions must hold (AND); an empty set matches every subject.
         */
        PolicyConditions: {
            /** Artist Tags */
            artist_tags?: string[];
            /**
             * Creator Tags
             * @description Matches when the creator has any of them
             */
            creator_tags?: string[];
            /** Currency */
            currency?: string | null;
            /**
             * Exceeds Budget
             * @description Matches when the booking takes a budget of its artist or project past its amount (committed and actual spend, converted to the reporting currency)
             * @default false
             */
            exceeds_budget?: boolean;
            /**
             * First Booking Of Client
             * @default false
             */
            first_booking_of_client?: boolean;
            /** Min Amount */
            min_amount?: number | string | null;
        };
        /** PolicyCreate */
        PolicyCreate: {
            /**
             * Active
             * @default true
             */
            active?: boolean;
            conditions?: components["schemas"]["PolicyConditions"];
            /** Name */
            name: string;
            /**
             * Priority
             * @description Lower wins when several policies match
             * @default 100
             */
            priority?: number;
            /** Steps */
            steps: components["schemas"]["StepSpec"][];
            /**
             * Subject Type
             * @enum {string}
             */
            subject_type: "booking" | "bulk_booking" | "contract" | "budget_change";
        };
        /** PolicyOut */
        PolicyOut: {
            /** Active */
            active: boolean;
            /** Conditions */
            conditions: {
                [key: string]: unknown;
            };
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default approval_policy
             * @constant
             */
            object?: "approval_policy";
            /** Priority */
            priority: number;
            /** Steps */
            steps: {
                [key: string]: unknown;
            }[];
            /** Subject Type */
            subject_type: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
        };
        /** PolicyUpdate */
        PolicyUpdate: {
            /** Active */
            active?: boolean | null;
            conditions?: components["schemas"]["PolicyConditions"] | null;
            /** Name */
            name?: string | null;
            /** Priority */
            priority?: number | null;
            /** Steps */
            steps?: components["schemas"]["StepSpec"][] | null;
        };
        /** PreviewBody */
        PreviewBody: {
            /**
             * Context
             * @description Values that replace the sample data
             */
            context?: {
                [key: string]: unknown;
            };
            /** Html */
            html?: string | null;
            /** Subject */
            subject?: string | null;
            /** Text */
            text?: string | null;
        };
        /** PreviewOut */
        PreviewOut: {
            /** Html */
            html: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default email_preview
             * @constant
             */
            object?: "email_preview";
            /** Subject */
            subject: string;
            /** Text */
            text: string;
        };
        /**
         * Problem
         * @description An RFC 9457 problem document; branch on `code`. Some problems add members of their own (such as `conflicting_bookings` or `valid_event_types`).
         * @example {
         *       "type": "urn:auditoryx:problem:invalid_request",
         *       "title": "Invalid request",
         *       "status": 422,
         *       "detail": "email: value is not a valid email address",
         *       "code": "invalid_request",
         *       "param": "email",
         *       "request_id": "req_01m85f69n7x2kbnz5fdr6knaqb",
         *       "errors": [
         *         {
         *           "param": "email",
         *           "message": "value is not a valid email address"
         *         }
         *       ]
         *     }
         */
        Problem: {
            /** @description Stable: branch on it */
            code: string;
            /** @description For people; do not parse it */
            detail: string;
            /** @description Every invalid field of a 422 `invalid_request` */
            errors?: {
                message: string;
                param: string;
            }[];
            /** @description The offending field, query parameter or header */
            param?: string;
            /** @description Quote it when you contact support */
            request_id?: string;
            /** @description On a 429: seconds until one more request fits (as `Retry-After`) */
            retry_after?: number;
            /** @description The HTTP status */
            status: number;
            title: string;
            /** @description `urn:auditoryx:problem:<code>` */
            type: string;
        };
        /** ProjectCreate */
        ProjectCreate: {
            /** Artist Id */
            artist_id?: string | null;
            /** Budget */
            budget?: number | string | null;
            /** Currency */
            currency: string;
            /** Due At */
            due_at?: string | null;
            /** Milestones */
            milestones?: components["schemas"]["MilestoneInput"][];
            /** Name */
            name: string;
        };
        /**
         * ProjectMilestoneCancelledEvent
         * @description A milestone ended unfinished because its project was cancelled (its completed sessions are still billed)
         */
        ProjectMilestoneCancelledEvent: {
            data: components["schemas"]["MilestoneEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "project.milestone_cancelled";
        };
        /**
         * ProjectMilestoneCompletedEvent
         * @description A milestone of a project was completed
         */
        ProjectMilestoneCompletedEvent: {
            data: components["schemas"]["MilestoneEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "project.milestone_completed";
        };
        /** ProjectOut */
        ProjectOut: {
            /** Artist Id */
            artist_id: string | null;
            /** Budget */
            budget: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Currency */
            currency: string;
            /** Due At */
            due_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Id */
            id: string;
            /** Milestones */
            milestones?: components["schemas"]["MilestoneOut"][];
            /** Name */
            name: string;
            /**
             * Object
             * @default project
             * @constant
             */
            object?: "project";
            /** Started At */
            started_at: string | null;
            /** Status */
            status: string;
            /** Status Reason */
            status_reason: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** ProjectProgress */
        ProjectProgress: {
            /** Computed At */
            computed_at?: string | null;
            /** Critical Path */
            critical_path?: string[];
            /** Due At */
            due_at?: string | null;
            /** Milestones */
            milestones?: components["schemas"]["MilestoneProgress"][];
            /**
             * On Track
             * @default true
             */
            on_track?: boolean;
            /**
             * Percent
             * @default 0
             */
            percent?: number;
            /** Project Id */
            project_id: string;
            /** Projected Finish */
            projected_finish?: string | null;
            /** Status */
            status: string;
        };
        /** ProjectProgressOut */
        ProjectProgressOut: {
            /** Computed At */
            computed_at?: string | null;
            /** Critical Path */
            critical_path?: string[];
            /** Due At */
            due_at?: string | null;
            /** Milestones */
            milestones?: components["schemas"]["MilestoneProgress"][];
            /**
             * On Track
             * @default true
             */
            on_track?: boolean;
            /**
             * Percent
             * @default 0
             */
            percent?: number;
            /** Project Id */
            project_id: string;
            /** Projected Finish */
            projected_finish?: string | null;
            /**
             * Source
             * @description `workflow`: the running ProjectWorkflow answered; `database`: the plan stored in PostgreSQL (the project is not active, its workflow has not finished its first turn yet, or Temporal or the worker could not be reached in time)
             * @enum {string}
             */
            source: "workflow" | "database";
            /** Status */
            status: string;
        };
        /** ProjectUpdate */
        ProjectUpdate: {
            /** Budget */
            budget?: number | string | null;
            /** Due At */
            due_at?: string | null;
            /** Name */
            name?: string | null;
        };
        /** ProposedSession */
        ProposedSession: {
            /** Creator Id */
            creator_id: string;
            /**
             * End
             * Format: date-time
             */
            end: string;
            /** Room Id */
            room_id?: string | null;
            /**
             * Start
             * Format: date-time
             */
            start: string;
        };
        /** QuickBooksConnectIn */
        QuickBooksConnectIn: {
            /** Access Token */
            access_token?: string | null;
            /**
             * Authorization Code
             * @description The code from the provider's consent redirect; exchanged for tokens here
             */
            authorization_code?: string | null;
            /**
             * Client Id
             * @description The app's client id
             */
            client_id: string;
            /**
             * Client Secret
             * Format: password
             */
            client_secret: string;
            /**
             * Environment
             * @default production
             * @enum {string}
             */
            environment?: "production" | "sandbox";
            /**
             * Expires At
             * @description When access_token expires; refreshed before then
             */
            expires_at?: string | null;
            /**
             * Item Id
             * @description The QuickBooks product/service invoice lines are booked to (1 is QuickBooks' built-in Services item)
             * @default 1
             */
            item_id?: string;
            /**
             * Realm Id
             * @description The QuickBooks company id (realmId)
             */
            realm_id: string;
            /**
             * Redirect Uri
             * @description The redirect URI the code was issued for (with authorization_code)
             */
            redirect_uri?: string | null;
            /** Refresh Token */
            refresh_token?: string | null;
        };
        /**
         * RateInput
         * @description One unit of ``base`` is worth ``rate`` units of ``quote`` from ``date`` on.
         */
        RateInput: {
            /** Base */
            base: string;
            /**
             * Date
             * Format: date
             */
            date: string;
            /** Quote */
            quote: string;
            /** Rate */
            rate: number | string;
        };
        /** RateOut */
        RateOut: {
            /** Base */
            base: string;
            /**
             * Date
             * Format: date
             */
            date: string;
            /** Quote */
            quote: string;
            /** Rate */
            rate: string;
        };
        /** RateTable */
        RateTable: {
            /** Data */
            data: components["schemas"]["RateOut"][];
            /**
             * Object
             * @default exchange_rates
             * @constant
             */
            object?: "exchange_rates";
            /** Reporting Currency */
            reporting_currency: string;
        };
        /** RateTableUpdate */
        RateTableUpdate: {
            /** Rates */
            rates?: components["schemas"]["RateInput"][];
            /**
             * Reporting Currency
             * @description The organization's reporting currency
             */
            reporting_currency?: string | null;
        };
        /**
         * Readiness
         * @description Each component's status only: where they live and why they failed go to the log.
         */
        Readiness: {
            /** Components */
            components: {
                [key: string]: components["schemas"]["ComponentStatus"];
            };
            /**
             * Status
             * @enum {string}
             */
            status: "ready" | "unavailable";
        };
        /** Reason */
        Reason: {
            /**
             * Reason
             * @default
             */
            reason?: string;
        };
        /** ReconciliationOut */
        ReconciliationOut: {
            /** Checked */
            checked: number;
            /** Error Samples */
            error_samples: string[];
            /** Errors */
            errors: number;
            /**
             * Finished At
             * Format: date-time
             */
            finished_at: string;
            /**
             * Object
             * @default reconciliation
             * @constant
             */
            object?: "reconciliation";
            /** Provider */
            provider: string;
            /** Reason */
            reason?: string | null;
            /**
             * Repaired
             * @description Drifted entities whose sync was started again
             */
            repaired: number;
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /** Status */
            status: string;
        };
        /** RecoverIn */
        RecoverIn: {
            /**
             * Since
             * Format: date-time
             * @description Resend every delivery that failed since this time
             */
            since: string;
        };
        /** Replan */
        Replan: {
            /** Delay Days */
            delay_days?: number | null;
            /** Delay Minutes */
            delay_minutes?: number | null;
            /** Milestone Id */
            milestone_id: string;
            /**
             * Reason
             * @default
             */
            reason?: string;
        };
        /** Reschedule */
        Reschedule: {
            /**
             * Allow Outside Working Hours
             * @default false
             */
            allow_outside_working_hours?: boolean;
            /**
             * End
             * Format: date-time
             */
            end: string;
            /**
             * Start
             * Format: date-time
             */
            start: string;
        };
        /** ResendIn */
        ResendIn: {
            /** Event Id */
            event_id: string;
        };
        /** ResendOut */
        ResendOut: {
            /** Endpoint Id */
            endpoint_id: string;
            /** Event Ids */
            event_ids: string[];
            /**
             * Object
             * @default webhook_resend
             * @constant
             */
            object?: "webhook_resend";
        };
        /** RoleCreate */
        RoleCreate: {
            /**
             * Description
             * @default
             */
            description?: string;
            /** Name */
            name: string;
            /** Permissions */
            permissions: string[];
        };
        /** RoleMappingIn */
        RoleMappingIn: {
            /**
             * Role
             * @description A built-in role name or a custom role id
             */
            role: string;
            /**
             * Value
             * @description A value of the role claim
             */
            value: string;
        };
        /** RoleMappingOut */
        RoleMappingOut: {
            /** Role */
            role: string;
            /** Value */
            value: string;
        };
        /** RoleOut */
        RoleOut: {
            /**
             * Builtin
             * @default false
             */
            builtin?: boolean;
            /** Created At */
            created_at?: string | null;
            /** Description */
            description: string;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default role
             * @constant
             */
            object?: "role";
            /** Permissions */
            permissions: string[];
            /** Updated At */
            updated_at?: string | null;
        };
        /** RoleUpdate */
        RoleUpdate: {
            /** Description */
            description?: string | null;
            /** Name */
            name?: string | null;
            /** Permissions */
            permissions?: string[] | null;
        };
        /** RoomCreate */
        RoomCreate: {
            /**
             * Buffer After Minutes
             * @default 0
             */
            buffer_after_minutes?: number;
            /**
             * Buffer Before Minutes
             * @default 0
             */
            buffer_before_minutes?: number;
            /** Capacity */
            capacity?: number | null;
            /** City */
            city?: string | null;
            /**
             * Country
             * @description ISO 3166-1 alpha-2
             */
            country?: string | null;
            /** Currency */
            currency: string;
            /**
             * Date Overrides
             * @description Per date: {"2026-12-24": []} closes the day
             */
            date_overrides?: {
                [key: string]: string[][];
            };
            /**
             * Description
             * @default
             */
            description?: string;
            /** External Ref */
            external_ref?: string | null;
            /** Hourly Rate */
            hourly_rate?: number | string | null;
            /**
             * Kind
             * @default room
             * @enum {string}
             */
            kind?: "studio" | "room" | "equipment";
            /** Latitude */
            latitude?: number | null;
            /** Longitude */
            longitude?: number | null;
            /**
             * Min Notice Minutes
             * @default 0
             */
            min_notice_minutes?: number;
            /** Name */
            name: string;
            /**
             * Status
             * @default active
             * @enum {string}
             */
            status?: "active" | "inactive";
            /** Tags */
            tags?: string[];
            /**
             * Timezone
             * @description IANA name, e.g. Europe/Berlin
             */
            timezone: string;
            /**
             * Working Hours
             * @description Weekly rules in local time: {"mon": [["09:00", "18:00"]]}
             */
            working_hours?: {
                [key: string]: string[][];
            };
        };
        /** RoomOut */
        RoomOut: {
            /** Buffer After Minutes */
            buffer_after_minutes: number;
            /** Buffer Before Minutes */
            buffer_before_minutes: number;
            /** Capacity */
            capacity: number | null;
            /** City */
            city: string | null;
            /** Country */
            country: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Currency */
            currency: string;
            /** Date Overrides */
            date_overrides: {
                [key: string]: string[][];
            };
            /** Description */
            description: string;
            /** External Ref */
            external_ref: string | null;
            /**
             * Hourly Rate
             * @description Decimal string in `currency`
             */
            hourly_rate: string | null;
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /** Latitude */
            latitude: number | null;
            /** Longitude */
            longitude: number | null;
            /** Min Notice Minutes */
            min_notice_minutes: number;
            /** Name */
            name: string;
            /**
             * Object
             * @default room
             * @constant
             */
            object?: "room";
            /** Status */
            status: string;
            /** Tags */
            tags: string[];
            /** Timezone */
            timezone: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Working Hours */
            working_hours: {
                [key: string]: string[][];
            };
        };
        /** RoomUpdate */
        RoomUpdate: {
            /** Buffer After Minutes */
            buffer_after_minutes?: number | null;
            /** Buffer Before Minutes */
            buffer_before_minutes?: number | null;
            /** Capacity */
            capacity?: number | null;
            /** City */
            city?: string | null;
            /** Country */
            country?: string | null;
            /** Currency */
            currency?: string | null;
            /** Date Overrides */
            date_overrides?: {
                [key: string]: string[][];
            } | null;
            /** Description */
            description?: string | null;
            /** External Ref */
            external_ref?: string | null;
            /** Hourly Rate */
            hourly_rate?: number | string | null;
            /** Kind */
            kind?: ("studio" | "room" | "equipment") | null;
            /** Latitude */
            latitude?: number | null;
            /** Longitude */
            longitude?: number | null;
            /** Min Notice Minutes */
            min_notice_minutes?: number | null;
            /** Name */
            name?: string | null;
            /** Status */
            status?: ("active" | "inactive") | null;
            /** Tags */
            tags?: string[] | null;
            /** Timezone */
            timezone?: string | null;
            /** Working Hours */
            working_hours?: {
                [key: string]: string[][];
            } | null;
        };
        /** RosterOverview */
        RosterOverview: {
            /** Artists */
            artists: components["schemas"]["ArtistSummary"][];
            /** Currency */
            currency: string;
            /** Missing Rates */
            missing_rates: string[];
            /**
             * Object
             * @default roster_overview
             * @constant
             */
            object?: "roster_overview";
            /** Period End */
            period_end: string | null;
            /** Period Start */
            period_start: string | null;
            totals: components["schemas"]["RosterTotals"];
        };
        /** RosterTotals */
        RosterTotals: {
            /** Artists */
            artists: number;
            /** Margin */
            margin: string;
            /** Pending Approvals */
            pending_approvals: number;
            /** Revenue */
            revenue: string;
            /** Sessions Booked */
            sessions_booked: number;
            /** Sessions Completed */
            sessions_completed: number;
            /** Spend Actual */
            spend_actual: string;
            /** Spend Committed */
            spend_committed: string;
        };
        /** RotateIn */
        RotateIn: {
            /**
             * Grace Hours
             * @description How long the previous secret keeps signing (0 = stop at once)
             * @default 24
             */
            grace_hours?: number;
        };
        /** RowError */
        RowError: {
            /** Field */
            field: string;
            /** Index */
            index: number;
            /** Line */
            line?: number | null;
            /** Reason */
            reason: string;
        };
        /**
         * SalesforceConnectIn
         * @description OAuth 2.0 web-server flow: the ``authorization_code`` of the Connected App's redirect
         *     with ``client_id``, ``client_secret`` and ``redirect_uri``; or a token pair already issued
         *     to the app: ``access_token``, ``refresh_token`` and ``instance_url`` with ``client_id`` and
         *     ``client_secret``.
         */
        SalesforceConnectIn: {
            /**
             * Access Token
             * @description An access token of the app (with refresh_token and instance_url)
             */
            access_token?: string | null;
            /**
             * Authorization Code
             * @description The code from Salesforce's redirect; exchanged for tokens here
             */
            authorization_code?: string | null;
            /**
             * Client Id
             * @description The Connected App's consumer key
             */
            client_id?: string | null;
            /**
             * Client Secret
             * @description The consumer secret
             */
            client_secret?: string | null;
            /**
             * Instance Url
             * @description The organization's instance (https://…my.salesforce.com), as Salesforce returned it with the tokens
             */
            instance_url?: string | null;
            /**
             * Redirect Uri
             * @description The callback URL the code was issued for (with authorization_code)
             */
            redirect_uri?: string | null;
            /** Refresh Token */
            refresh_token?: string | null;
        };
        /** SandboxReset */
        SandboxReset: {
            /** Seed */
            seed?: "demo" | null;
        };
        /** SandboxResetOut */
        SandboxResetOut: {
            /** Deleted */
            deleted: {
                [key: string]: number;
            };
            /**
             * Object
             * @default sandbox_reset
             * @constant
             */
            object?: "sandbox_reset";
            /** Organization Id */
            organization_id: string;
            /** Seed */
            seed: string | null;
            /** Seeded */
            seeded: {
                [key: string]: number;
            };
            /** Workflows Terminated */
            workflows_terminated: number;
        };
        /** Scenario */
        Scenario: {
            /** Artist Id */
            artist_id: string | null;
            /** Budget */
            budget: string | null;
            /** Currency */
            currency: string;
            /** Exceeds Budget In */
            exceeds_budget_in: string | null;
            /** Missing Rates */
            missing_rates: string[];
            /** Months */
            months: components["schemas"]["ScenarioMonth"][];
            /**
             * Object
             * @default budget_scenario
             * @constant
             */
            object?: "budget_scenario";
            /** Project Id */
            project_id: string | null;
            /** Spent Before */
            spent_before: string;
        };
        /** ScenarioBody */
        ScenarioBody: {
            /** Artist Id */
            artist_id?: string | null;
            /** Currency */
            currency: string;
            /**
             * Months
             * @default 12
             */
            months?: number;
            /** Price Per Session */
            price_per_session: number | string;
            /** Project Id */
            project_id?: string | null;
            /** Sessions Per Month */
            sessions_per_month: number;
            /**
             * Start Month
             * @description First month of the plan (default: the current month)
             */
            start_month?: string | null;
        };
        /** ScenarioMonth */
        ScenarioMonth: {
            /** Committed */
            committed: string;
            /** Cumulative */
            cumulative: string;
            /**
             * Month
             * Format: date
             */
            month: string;
            /** Over Budget */
            over_budget: boolean;
            /** Planned */
            planned: string;
            /** Total */
            total: string;
        };
        /** SecretOut */
        SecretOut: {
            /** Endpoint Id */
            endpoint_id: string;
            /**
             * Object
             * @default webhook_secret
             * @constant
             */
            object?: "webhook_secret";
            /** Previous Valid Until */
            previous_valid_until: string | null;
            /** Secret */
            secret: string;
        };
        /** SessionOut */
        SessionOut: {
            /** Booking Id */
            booking_id: string | null;
            /**
             * Creator Id
             * @description Empty for an open session not planned yet
             */
            creator_id: string | null;
            /** Duration Minutes */
            duration_minutes: number;
            /** Error */
            error: string;
            /** Id */
            id: string;
            /**
             * Open
             * @description Planned when the milestone is booked
             * @default false
             */
            open?: boolean;
            /** Planned At */
            planned_at?: string | null;
            /**
             * Planned Start
             * Format: date-time
             * @description Fixed or planned start; an open session not planned yet: its window's start
             */
            planned_start: string;
            /**
             * Request
             * @description The open session's request as given (window not shifted)
             */
            request?: {
                [key: string]: unknown;
            } | null;
            /** Room Id */
            room_id: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "planned" | "booked" | "failed" | "unplaced";
            /** Title */
            title: string;
            /** @description Why the planner could place it nowhere (status `unplaced`) */
            unplaced_reason?: components["schemas"]["PlanReason"] | null;
        };
        /**
         * SessionRequest
         * @description One session to plan: fixed (``creator_id``, ``start``, ``room_id``) or open (``skills``,
         *     a window, ``needs_room``), in any mix. Field order matters: each validator sees the fields
         *     declared before it, so an error names the field that is wrong.
         */
        SessionRequest: {
            /** Artist Id */
            artist_id?: string | null;
            /** Client Id */
            client_id?: string | null;
            /**
             * Creator Id
             * @description A fixed creator
             */
            creator_id?: string | null;
            /**
             * Depends On
             * @description Indices of sessions in the same list that must end before this starts
             */
            depends_on?: number[];
            /** Duration Minutes */
            duration_minutes: number;
            /** @description Budget per hour for the creator (rooms are not counted) */
            max_hourly_rate?: components["schemas"]["MoneyIn"] | null;
            /**
             * Needs Room
             * @description Any active room will do
             * @default false
             */
            needs_room?: boolean;
            /** Preferred Creator Ids */
            preferred_creator_ids?: string[];
            /** Project Id */
            project_id?: string | null;
            /**
             * Ref
             * @description Your own label
             */
            ref?: string | null;
            /**
             * Room Id
             * @description A fixed room
             */
            room_id?: string | null;
            /**
             * Skills
             * @description For an open session: who is needed
             */
            skills?: components["schemas"]["SkillNeed"][];
            /**
             * Start
             * @description A fixed start
             */
            start?: string | null;
            /**
             * Timezones
             * @description Acceptable creator timezones: IANA names or regions such as `Europe/*`
             */
            timezones?: string[];
            /** Title */
            title?: string | null;
            /** Window End */
            window_end?: string | null;
            /** Window Start */
            window_start?: string | null;
        };
        /**
         * SessionRequestInput
         * @description A milestone's session: fixed (``creator_id`` + ``start``) or open (``skills`` or a
         *     creator, a window, optionally a budget, timezones and ``needs_room``).
         */
        SessionRequestInput: {
            /**
             * Allow Outside Working Hours
             * @default false
             */
            allow_outside_working_hours?: boolean;
            /** Artist Id */
            artist_id?: string | null;
            /** Client Id */
            client_id?: string | null;
            /**
             * Creator Id
             * @description A fixed creator
             */
            creator_id?: string | null;
            /**
             * Depends On
             * @description Indices of sessions in the same list that must end before this starts
             */
            depends_on?: number[];
            /** Duration Minutes */
            duration_minutes: number;
            /** @description Budget per hour for the creator (rooms are not counted) */
            max_hourly_rate?: components["schemas"]["MoneyIn"] | null;
            /**
             * Needs Room
             * @description Any active room will do
             * @default false
             */
            needs_room?: boolean;
            /** Preferred Creator Ids */
            preferred_creator_ids?: string[];
            /** Project Id */
            project_id?: string | null;
            /**
             * Ref
             * @description Your own label
             */
            ref?: string | null;
            /**
             * Room Id
             * @description A fixed room
             */
            room_id?: string | null;
            /**
             * Skills
             * @description For an open session: who is needed
             */
            skills?: components["schemas"]["SkillNeed"][];
            /**
             * Start
             * @description A fixed start
             */
            start?: string | null;
            /**
             * Timezones
             * @description Acceptable creator timezones: IANA names or regions such as `Europe/*`
             */
            timezones?: string[];
            /** Title */
            title?: string | null;
            /** Window End */
            window_end?: string | null;
            /** Window Start */
            window_start?: string | null;
        };
        /** SettingsOut */
        SettingsOut: {
            /** Accent Color */
            accent_color: string;
            /** Brand Name */
            brand_name: string | null;
            /** Chaser Every Hours */
            chaser_every_hours: number;
            /** Follow Up After Minutes */
            follow_up_after_minutes: number;
            /** Logo Url */
            logo_url: string | null;
            /**
             * Object
             * @default communication_settings
             * @constant
             */
            object?: "communication_settings";
            /** Primary Color */
            primary_color: string;
            /** Reminder Offsets Minutes */
            reminder_offsets_minutes: number[];
            /** Reply To */
            reply_to: string | null;
            /** Report Cron */
            report_cron: string;
            /** Report Enabled */
            report_enabled: boolean;
            /** Report Recipients */
            report_recipients: string[];
            /** Timezone */
            timezone: string;
        };
        /** SettingsUpdate */
        SettingsUpdate: {
            /** Accent Color */
            accent_color?: string | null;
            /** Brand Name */
            brand_name?: string | null;
            /** Chaser Every Hours */
            chaser_every_hours?: number | null;
            /** Follow Up After Minutes */
            follow_up_after_minutes?: number | null;
            /** Logo Url */
            logo_url?: string | null;
            /** Primary Color */
            primary_color?: string | null;
            /**
             * Reminder Offsets Minutes
             * @description Minutes before a session, e.g. [1440, 60]
             */
            reminder_offsets_minutes?: number[] | null;
            /** Reply To */
            reply_to?: string | null;
            /**
             * Report Cron
             * @description Five cron fields, at most once a day, e.g. `0 8 * * MON`
             */
            report_cron?: string | null;
            /** Report Enabled */
            report_enabled?: boolean | null;
            /** Report Recipients */
            report_recipients?: string[] | null;
            /** Timezone */
            timezone?: string | null;
        };
        /** SkillNeed */
        SkillNeed: {
            /**
             * Min Level
             * @description 1 (learning) … 5 (world class)
             * @default 1
             */
            min_level?: number;
            /**
             * Skill
             * @description Lower-case skill name, e.g. `mixing`
             */
            skill: string;
        };
        /** SlackConnectIn */
        SlackConnectIn: {
            /**
             * Bot Token
             * Format: password
             * @description xoxb-… bot token
             */
            bot_token: string;
            /**
             * Default Channel
             * @description Where to post when an approver has no Slack account (channel id or #name)
             */
            default_channel?: string | null;
            /**
             * Signing Secret
             * Format: password
             */
            signing_secret: string;
            /**
             * Team Id
             * @description When given, the token must belong to this workspace
             */
            team_id?: string | null;
        };
        /** Slot */
        Slot: {
            /**
             * End
             * Format: date-time
             */
            end: string;
            /**
             * Start
             * Format: date-time
             */
            start: string;
        };
        /** SsoBody */
        SsoBody: {
            /** Client Id */
            client_id: string;
            /**
             * Client Secret
             * @description Required when SSO is first set up; left out, the stored one is kept
             */
            client_secret?: string | null;
            /**
             * Default Role
             * @default viewer
             */
            default_role?: string;
            /**
             * Email Domains
             * @description People with a verified e-mail at these domains may join on first sign-in
             */
            email_domains: string[];
            /**
             * Enabled
             * @default true
             */
            enabled?: boolean;
            /**
             * Issuer
             * @description The issuer URL; its /.well-known/openid-configuration is read
             */
            issuer: string;
            /**
             * Role Claim
             * @description The ID-token claim that says a person's role (e.g. groups); empty: new members get the default role and roles are managed here
             * @default
             */
            role_claim?: string;
            /**
             * Role Mapping
             * @description Tried in order; the first match wins
             */
            role_mapping?: components["schemas"]["RoleMappingIn"][];
            /**
             * Slug
             * @description The sign-in name people type on the SSO sign-in page (a-z, 0-9, -)
             */
            slug: string;
            /**
             * Sso Required
             * @description Refuse password sign-in and password links to members
             * @default false
             */
            sso_required?: boolean;
        };
        /** SsoOut */
        SsoOut: {
            /** Client Id */
            client_id: string;
            /**
             * Client Secret Set
             * @description Always true: the secret is never returned
             */
            client_secret_set: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Default Role */
            default_role: string;
            /** Email Domains */
            email_domains: string[];
            /** Enabled */
            enabled: boolean;
            /** Issuer */
            issuer: string;
            /**
             * Object
             * @default sso_configuration
             * @constant
             */
            object?: "sso_configuration";
            /**
             * Redirect Uri
             * @description Register this redirect URI at the provider
             */
            redirect_uri: string;
            /** Role Claim */
            role_claim: string;
            /** Role Mapping */
            role_mapping: components["schemas"]["RoleMappingOut"][];
            /** Slug */
            slug: string;
            /** Sso Required */
            sso_required: boolean;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** StatementLineOut */
        StatementLineOut: {
            /** Amount */
            amount: string;
            /** Billed */
            billed: boolean;
            /**
             * Included
             * @description null: unlimited on this plan
             */
            included: number | null;
            /** Metric */
            metric: string;
            /** Overage */
            overage: number;
            /** Per Units */
            per_units: number;
            /**
             * Unit Price
             * @description Price per `per_units` units beyond the included ones (billed plans only)
             */
            unit_price: string | null;
            /** Used */
            used: number;
        };
        /** StatementOut */
        StatementOut: {
            /**
             * Base Fee
             * @description null: the fee is agreed per contract
             */
            base_fee: string | null;
            /** Currency */
            currency: string;
            /**
             * From
             * Format: date
             */
            from: string;
            /** Lines */
            lines: components["schemas"]["StatementLineOut"][];
            /** Month */
            month: string;
            /**
             * Object
             * @default usage_statement
             * @constant
             */
            object?: "usage_statement";
            /** Overage Total */
            overage_total: string;
            /** Plan */
            plan: string;
            /**
             * To
             * Format: date
             */
            to: string;
            /** Total */
            total: string;
        };
        /** StepOut */
        StepOut: {
            /** Assignments */
            assignments: components["schemas"]["AssignmentOut"][];
            /** Index */
            index: number;
            /** Name */
            name: string;
        };
        /** StepSpec */
        StepSpec: {
            /** Approvers */
            approvers: components["schemas"]["ApproverRef"][];
            /** Escalate To */
            escalate_to?: components["schemas"]["ApproverRef"][];
            /**
             * Group
             * @description Steps sharing a group run in parallel
             */
            group?: number | null;
            /**
             * Mode
             * @default any
             * @enum {string}
             */
            mode?: "any" | "all" | "quorum";
            /** Name */
            name: string;
            /**
             * On Timeout
             * @default reject
             * @enum {string}
             */
            on_timeout?: "escalate" | "approve" | "reject";
            /** Quorum */
            quorum?: number | null;
            /**
             * Reminder Every Hours
             * @default 24
             */
            reminder_every_hours?: number | null;
            /**
             * Timeout Hours
             * @default 48
             */
            timeout_hours?: number;
        };
        /**
         * TeamsBotConnectIn
         * @description The organization's Teams bot: its Entra app registration (docs/integrations/teams.md).
         */
        TeamsBotConnectIn: {
            /**
             * App Id
             * @description The bot's Microsoft App ID (a GUID)
             */
            app_id: string;
            /**
             * App Password
             * Format: password
             * @description A client secret of the bot's app registration
             */
            app_password: string;
            /**
             * Tenant Id
             * @description The Microsoft Entra tenant whose Teams may use the bot
             */
            tenant_id: string;
        };
        /** TeamsConnectIn */
        TeamsConnectIn: {
            /**
             * Webhook Url
             * Format: password
             * @description The https:// URL of a Teams Workflows webhook
             */
            webhook_url: string;
        };
        /** TemplateBody */
        TemplateBody: {
            /** Html */
            html: string;
            /** Subject */
            subject: string;
            /** Text */
            text: string;
        };
        /** TemplateOut */
        TemplateOut: {
            /** Html */
            html: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default email_template
             * @constant
             */
            object?: "email_template";
            /** Overridden */
            overridden: boolean;
            /** Subject */
            subject: string;
            /** Text */
            text: string;
            /** Updated At */
            updated_at?: string | null;
            /** Variables */
            variables: string[];
            /** Version */
            version?: number | null;
        };
        /** TimeOffCreate */
        TimeOffCreate: {
            /** Creator Id */
            creator_id?: string | null;
            /**
             * End
             * Format: date-time
             */
            end: string;
            /**
             * Reason
             * @default
             */
            reason?: string;
            /** Room Id */
            room_id?: string | null;
            /**
             * Start
             * Format: date-time
             */
            start: string;
        };
        /** TimeOffOut */
        TimeOffOut: {
            /** Creator Id */
            creator_id: string | null;
            /**
             * End
             * Format: date-time
             */
            end: string;
            /** Id */
            id: string;
            /**
             * Object
             * @default time_off
             * @constant
             */
            object?: "time_off";
            /** Reason */
            reason: string;
            /** Room Id */
            room_id: string | null;
            /**
             * Start
             * Format: date-time
             */
            start: string;
        };
        /**
         * UnplacedSession
         * @description An open session the planner could not place, with the constraint that ruled it out.
         */
        UnplacedSession: {
            /** Code */
            code: string;
            /**
             * Detail
             * @default
             */
            detail?: string;
            /** Session Id */
            session_id: string;
        };
        /** UsageReport */
        UsageReport: {
            /** Data */
            data: components["schemas"]["UsageRowOut"][];
            /**
             * From
             * Format: date
             */
            from: string;
            /**
             * Object
             * @default usage
             * @constant
             */
            object?: "usage";
            /**
             * To
             * Format: date
             */
            to: string;
        };
        /** UsageRowOut */
        UsageRowOut: {
            /**
             * Api Key Id
             * @description null: a dashboard session or the system
             */
            api_key_id: string | null;
            /** Count */
            count: number;
            /**
             * Day
             * Format: date
             */
            day: string;
            /**
             * Group
             * @description Route group (API requests), workflow kind, delivery outcome or mail kind
             */
            group: string;
            /**
             * Metric
             * @description api_requests, workflow_starts, webhook_deliveries, …
             */
            metric: string;
            /**
             * Status Class
             * @description 2xx, 4xx or 5xx (API requests only)
             */
            status_class: string | null;
        };
        /**
         * WebhookEndpointDisabledEvent
         * @description An endpoint was disabled after failing every delivery for 5 days
         */
        WebhookEndpointDisabledEvent: {
            data: components["schemas"]["WebhookEndpointEventData"];
            /** @description The event's id (`ev_…`) */
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "webhook_endpoint.disabled";
        };
        /**
         * WebhookEndpointEventData
         * @example {
         *       "object": "webhook_endpoint",
         *       "id": "we_01jd7v2x3y4z5a6b7c8d9e0f1r",
         *       "url": "https://hooks.example.com/auditoryx",
         *       "failing_since": "2026-11-25T10:00:00+00:00",
         *       "disabled_reason": "every delivery failed for 5 days"
         *     }
         */
        WebhookEndpointEventData: {
            /** Disabled Reason */
            disabled_reason: string | null;
            /** Failing Since */
            failing_since: string | null;
            /** Id */
            id: string;
            /**
             * Object
             * @constant
             */
            object: "webhook_endpoint";
            /** Url */
            url: string;
        } & {
            [key: string]: unknown;
        };
        /**
         * XeroConnectIn
         * @description The Xero app, its tokens (or an authorization code to exchange) and the organisation
         *     (tenant) to invoice in.
         */
        XeroConnectIn: {
            /** Access Token */
            access_token?: string | null;
            /**
             * Account Code
             * @description The sales account invoice lines are booked to (200 is Sales in Xero's default chart of accounts)
             * @default 200
             */
            account_code?: string;
            /**
             * Authorization Code
             * @description The code from the provider's consent redirect; exchanged for tokens here
             */
            authorization_code?: string | null;
            /**
             * Client Id
             * @description The app's client id
             */
            client_id: string;
            /**
             * Client Secret
             * Format: password
             */
            client_secret: string;
            /**
             * Expires At
             * @description When access_token expires; refreshed before then
             */
            expires_at?: string | null;
            /**
             * Redirect Uri
             * @description The redirect URI the code was issued for (with authorization_code)
             */
            redirect_uri?: string | null;
            /** Refresh Token */
            refresh_token?: string | null;
            /**
             * Tenant Id
             * @description The Xero organisation (tenant) to invoice in, among those the consent opened; may be left out when it opened exactly one
             */
            tenant_id?: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description What is left of each budget, such as `"key";r=42;t=6, "org";r=42;t=6` */
        RateLimit: string;
        /** @description The budgets this request was counted against (draft-ietf-httpapi-ratelimit-headers), such as `"key";q=600;w=60;burst=100, "org";q=600;w=60;burst=100` */
        "RateLimit-Policy": string;
        /** @description Seconds to wait before one more request fits the budget */
        "Retry-After": number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    downloadCalendarFeed: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/calendar": string;
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    checkHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    handleSlackInteraction: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Received; a click is decided in the background (empty body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed by a connected workspace, or too old (`code`: `invalid_slack_signature`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    messages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An installation or another activity: received (empty body). A card action: the invoke response carrying the approval's refreshed Adaptive Card. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        statusCode: 200;
                        /** @constant */
                        type: "application/vnd.microsoft.card.adaptive";
                        /** @description The Adaptive Card */
                        value: Record<string, never>;
                    };
                };
            };
            /** @description No valid Bot Framework token for a connected bot (`code`: `invalid_bot_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`, `unsupported_card_action`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    checkReadiness: {
        parameters: {
            query?: {
                /** @description Also run a HealthProbeWorkflow end to end */
                deep?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every component is up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A component is down; the body says which (the log why) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    listAbsences: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                member_id?: string | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_AbsenceOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAbsence: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AbsenceCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbsenceOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAbsence: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `abs_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    compareArtists: {
        parameters: {
            query?: {
                /** @description Repeat for each artist (at most 20); default: all, up to 20 */
                artist_id?: string[] | null;
                /** @description First day (inclusive), YYYY-MM-DD */
                from?: string | null;
                /** @description Last day (inclusive), YYYY-MM-DD */
                to?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtistComparison"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBookingPipeline: {
        parameters: {
            query?: {
                /** @description First day (inclusive), YYYY-MM-DD */
                from?: string | null;
                /** @description Last day (inclusive), YYYY-MM-DD */
                to?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookingPipeline"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    runBudgetScenario: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScenarioBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Scenario"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBudgetReport: {
        parameters: {
            query?: {
                artist_id?: string | null;
                project_id?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetReport"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCreatorUtilisation: {
        parameters: {
            query?: {
                /** @description First day (inclusive), YYYY-MM-DD */
                from?: string | null;
                /** @description Last day (inclusive), YYYY-MM-DD */
                to?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatorUtilisation"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRevenueForecast: {
        parameters: {
            query?: {
                /** @description Default: the whole label */
                artist_id?: string | null;
                /** @description Months to forecast */
                months?: number;
                /** @description Last month of history (default: last month) */
                until?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Forecast"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRosterAnalytics: {
        parameters: {
            query?: {
                /** @description First day (inclusive), YYYY-MM-DD */
                from?: string | null;
                /** @description Artist name contains */
                q?: string | null;
                /** @description One of name, sessions_booked, sessions_completed, spend_committed, spend_actual, revenue, margin, pending_approvals; '-' = descending */
                sort?: string;
                /** @description Last day (inclusive), YYYY-MM-DD */
                to?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RosterOverview"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    claimApiKeyInvite: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["KeyInviteClaim"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such invite (`invalid_invite`) (`code`: `invalid_invite`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already claimed, expired, or the member is no longer active (`code`: `invite_already_used`, `invite_expired`, `member_not_active`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                include_revoked?: boolean;
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_ApiKeyOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `live_key_required`, `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `key_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `key_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApprovalPolicies: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_PolicyOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApprovalPolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`, `no_eligible_approver`, `unknown_member`, `unknown_role`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getApprovalPolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `apol_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateApprovalPolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `apol_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `policy_changed`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`, `no_eligible_approver`, `unknown_member`, `unknown_role`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApprovals: {
        parameters: {
            query?: {
                /** @description `me` or a member id */
                approver?: string | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                status?: ("pending" | "approved" | "rejected" | "cancelled") | null;
                subject_id?: string | null;
                subject_type?: ("booking" | "bulk_booking" | "contract" | "budget_change") | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_ApprovalOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`, `not_a_member`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getApproval: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `apr_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decideApproval: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `apr_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecisionIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`, `not_a_member`, `not_an_approver`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `already_decided`, `approval_closed`, `idempotency_key_in_use`, `step_closed`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delegateApproval: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `apr_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DelegateIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`, `not_a_member`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `approval_closed`, `concurrent_change`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listArtists: {
        parameters: {
            query?: {
                genre?: string | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Search by name */
                q?: string | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                status?: ("active" | "paused" | "former") | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_ArtistOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createArtist: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ArtistCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtistOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getArtist: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `art_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtistOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteArtist: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `art_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateArtist: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `art_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ArtistUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtistOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importArtists: {
        parameters: {
            query?: {
                dry_run?: boolean;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    artists?: Record<string, never>[];
                };
                "text/csv": string;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkResultOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`, `unsupported_media_type`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                action?: string | null;
                actor_id?: string | null;
                actor_type?: ("user" | "api_key" | "system" | "workflow") | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                occurred_after?: string | null;
                occurred_before?: string | null;
                request_id?: string | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                target_id?: string | null;
                target_type?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_AuditEventOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `evt_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBookings: {
        parameters: {
            query?: {
                artist_id?: string | null;
                batch_id?: string | null;
                client_id?: string | null;
                creator_id?: string | null;
                /** @description Overlapping from */
                from?: string | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                room_id?: string | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                status?: ("held" | "pending_approval" | "confirmed" | "completed" | "cancelled" | "no_show" | "expired") | null;
                /** @description Overlapping until */
                to?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_BookingOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createBooking: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BookingCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookingOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overlaps another booking: the body lists the conflicting bookings and suggested free slots (`code`: `booking_conflict`, `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `beyond_booking_horizon`, `currency_mismatch`, `idempotency_key_reused`, `invalid_request`, `min_notice`, `outside_working_hours`, `resource_inactive`, `time_off`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBooking: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bkg_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookingOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelBooking: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bkg_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["Reason"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookingOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`, `invalid_status_transition`, `session_not_started`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeBooking: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bkg_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookingOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`, `invalid_status_transition`, `session_not_started`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmBooking: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bkg_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookingOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`, `invalid_status_transition`, `session_not_started`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markBookingNoShow: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bkg_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["Reason"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookingOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`, `invalid_status_transition`, `session_not_started`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rescheduleBooking: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bkg_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Reschedule"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookingOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `booking_conflict`, `concurrent_change`, `idempotency_key_in_use`, `invalid_status_transition`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `beyond_booking_horizon`, `idempotency_key_reused`, `invalid_request`, `min_notice`, `outside_working_hours`, `resource_inactive`, `time_off`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    checkBookingConflicts: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConflictCheck"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConflictReportOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBudgets: {
        parameters: {
            query?: {
                artist_id?: string | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                project_id?: string | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_BudgetOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createBudget: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BudgetCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBudget: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bgt_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteBudget: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bgt_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateBudget: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bgt_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BudgetUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBulkBookings: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                status?: ("pending" | "planning" | "holding" | "awaiting_approval" | "confirming" | "releasing" | "confirmed" | "failed" | "rejected" | "cancelled") | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_BulkBookingOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createBulkBooking: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkBookingCreate"];
            };
        };
        responses: {
            /** @description With `dry_run`: the plan (nothing held). With an Idempotency-Key already used for a batch: that batch. */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanOut"] | components["schemas"]["BulkBookingOut"];
                };
            };
            /** @description The batch was created; its saga holds and books the sessions */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkBookingOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `booking_conflict`, `concurrent_change`, `idempotency_key_in_use`, `quota_exceeded`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A session is invalid: `param` names its index and field (`code`: `batch_too_large`, `currency_mismatch`, `dependency_cycle`, `empty_batch`, `idempotency_key_reused`, `impossible_window`, `invalid_request`, `resource_missing`, `unknown_dependency`, `unknown_skill`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBulkBooking: {
        parameters: {
            query?: {
                /** @description Items embedded in request order (0: none) */
                items_limit?: number;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bulk_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkBookingOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelBulkBooking: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bulk_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["Reason"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkBookingOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already settled, or being confirmed (`code`: `concurrent_change`, `idempotency_key_in_use`, `invalid_status_transition`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`, `temporal_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBulkBookingItems: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 1000 */
                limit?: number;
                /** @description Cursor: the index of the last item seen */
                starting_after?: number | null;
                status?: ("pending" | "unplaced" | "held" | "conflict" | "failed" | "pending_approval" | "confirmed" | "released") | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `bulk_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemListOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCalendarFeeds: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_FeedOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createCalendarFeed: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedCreated"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeCalendarFeed: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `cal_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listClients: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                q?: string | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_ClientOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createClient: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClientCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getClient: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `cli_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteClient: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `cli_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateClient: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `cli_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClientUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCommunicationSettings: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettingsOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateCommunicationSettings: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SettingsUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettingsOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A recipient or reply-to outside the organization, etc. (`code`: `invalid_request`, `recipient_not_allowed`, `reply_to_not_allowed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listContracts: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                status?: ("draft" | "pending_approval" | "approved" | "rejected" | "signed") | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_ContractOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createContract: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContractCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getContract: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `ctr_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateContract: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `ctr_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContractUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `invalid_status_transition`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signContract: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `ctr_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`, `invalid_status_transition`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitContract: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `ctr_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`, `invalid_status_transition`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCreators: {
        parameters: {
            query?: {
                currency?: string | null;
                free_from?: string | null;
                free_to?: string | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Hourly, in `currency` */
                max_rate?: number | string | null;
                min_level?: number | null;
                near_lat?: number | null;
                near_lon?: number | null;
                /** @description Full-text search of name and bio */
                q?: string | null;
                radius_km?: number | null;
                role?: string | null;
                skill?: string | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                status?: ("active" | "inactive") | null;
                utc_offset_max?: number | null;
                /** @description Hours, now */
                utc_offset_min?: number | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_CreatorOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createCreator: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatorCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatorOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCreator: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `cre_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatorOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteCreator: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `cre_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateCreator: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `cre_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatorUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatorOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCreatorAvailability: {
        parameters: {
            query: {
                from: string;
                to: string;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `cre_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AvailabilityOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEmailOutbox: {
        parameters: {
            query?: {
                kind?: string | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                status?: ("queued" | "sent" | "failed" | "dropped") | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_OutboxOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEmailTemplates: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_TemplateOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEmailTemplate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description One of the built-in template names */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setEmailTemplate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description One of the built-in template names */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `template_changed`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Syntax error (with line), unsafe or unknown variable (`code`: `invalid_request`, `template_error`, `template_syntax_error`, `template_too_expensive`, `template_undefined`, `template_unsafe`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetEmailTemplate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description One of the built-in template names */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewEmailTemplate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description One of the built-in template names */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PreviewBody"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreviewOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`, `template_error`, `template_syntax_error`, `template_too_expensive`, `template_undefined`, `template_unsafe`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEventTypes: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_EventTypeOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                /** @description Only this event type */
                type?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_EventOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`, `unknown_event_type`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `ev_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listExchangeRates: {
        parameters: {
            query?: {
                base?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateTable"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setExchangeRates: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RateTableUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateTable"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIntegrations: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_IntegrationOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disconnectIntegration: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateIntegration: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IntegrationSettingsIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationSettingsOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`, `invalid_stage`, `no_settings`, `not_reconciled`, `not_supported`, `unknown_status`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIntegrationReconciliations: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_ReconciliationOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    connectHubspot: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HubSpotConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `hubspot_auth_failed`, `hubspot_oauth_app_required`, `hubspot_refused`, `hubspot_tokens_required`, `invalid_request`, `salesforce_auth_failed`, `salesforce_oauth_app_required`, `salesforce_refused`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`, `hubspot_rate_limited`, `hubspot_unavailable`, `salesforce_rate_limited`, `salesforce_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    connectQuickbooks: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QuickBooksConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    connectSalesforce: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SalesforceConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `hubspot_auth_failed`, `hubspot_oauth_app_required`, `hubspot_refused`, `invalid_request`, `salesforce_auth_failed`, `salesforce_oauth_app_required`, `salesforce_refused`, `salesforce_tokens_required`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`, `hubspot_rate_limited`, `hubspot_unavailable`, `salesforce_rate_limited`, `salesforce_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    connectSlack: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SlackConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`, `slack_auth_failed`, `slack_team_mismatch`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`, `slack_rate_limited`, `slack_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSlackNotifications: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationsOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setSlackNotifications: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotificationsIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationsOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`, `unknown_event_type`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    connectTeams: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TeamsConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`, `invalid_webhook_url`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    connectTeamsBot: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TeamsBotConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    connectXero: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["XeroConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`, `xero_tenant_required`, `xero_tenant_unknown`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLedgerEntries: {
        parameters: {
            query?: {
                artist_id?: string | null;
                kind?: ("invoice" | "expense" | "revenue") | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_LedgerEntryOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createLedgerEntry: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LedgerEntryCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerEntryOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLedgerEntry: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `led_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerEntryOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    findMatches: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MatchBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatchesOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `impossible_window`, `invalid_request`, `unknown_skill`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMembers: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Search name or e-mail */
                q?: string | null;
                role?: string | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_MemberOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createMember: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`, `permission_denied`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`, `member_exists`, `quota_exceeded`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMember: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `mem_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteMember: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `mem_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`, `permission_denied`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `last_owner`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateMember: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `mem_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`, `permission_denied`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `last_owner`, `quota_exceeded`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKeyInvite: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `mem_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["KeyInviteCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyInviteOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`, `member_not_active`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `beyond_member_role`, `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMilestone: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `mst_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MilestoneOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateMilestoneChecklist: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `mst_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChecklistUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MilestoneOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`, `invalid_status_transition`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOwnOrganization: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateOwnOrganization: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganizationUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listOrganizations: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_OrganizationOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createOrganization: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChildCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`, `plan_above_parent`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOrganization: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `org_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateOrganization: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `org_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganizationUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPermissions: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_PermissionOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listProjects: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                status?: ("draft" | "active" | "completed" | "cancelled") | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_ProjectOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createProject: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProjectCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `batch_too_large`, `currency_mismatch`, `dependency_cycle`, `empty_batch`, `idempotency_key_reused`, `impossible_window`, `invalid_request`, `resource_missing`, `unknown_dependency`, `unknown_id`, `unknown_skill`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getProject: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `prj_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateProject: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `prj_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProjectUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelProject: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `prj_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["Reason"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`, `invalid_status_transition`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`, `temporal_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addMilestone: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `prj_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MilestoneCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MilestoneOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`, `invalid_status_transition`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `batch_too_large`, `currency_mismatch`, `dependency_cycle`, `empty_batch`, `foreign_dependency`, `idempotency_key_reused`, `impossible_window`, `invalid_request`, `resource_missing`, `unknown_dependency`, `unknown_id`, `unknown_skill`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getProjectProgress: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `prj_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectProgressOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replanProject: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `prj_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Replan"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectProgress"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`, `invalid_status_transition`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`, `unknown_id`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`, `temporal_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startProject: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `prj_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`, `invalid_status_transition`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`, `session_too_soon`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRevenueImports: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_ImportReport_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importRevenueStatement: {
        parameters: {
            query?: {
                mode?: "partial" | "all_or_nothing";
                /** @description For CSV uploads */
                source_name?: string;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    rows?: Record<string, never>[];
                    source_name?: string;
                };
                "text/csv": string;
            };
        };
        responses: {
            /** @description Nothing new: every row was imported before */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`, `invalid_rows`, `unsupported_media_type`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRevenueImport: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `rvi_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteRevenueImport: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `rvi_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRoles: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_RoleOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createRole: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`, `role_exists`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRole: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description `rol_…`, or a built-in role's name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `builtin_role`, `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteRole: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description `rol_…`, or a built-in role's name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `builtin_role`, `concurrent_change`, `role_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateRole: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description `rol_…`, or a built-in role's name */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `builtin_role`, `concurrent_change`, `role_exists`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRooms: {
        parameters: {
            query?: {
                kind?: ("studio" | "room" | "equipment") | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_RoomOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createRoom: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoomCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRoom: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `rm_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteRoom: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `rm_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateRoom: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `rm_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoomUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRoomAvailability: {
        parameters: {
            query: {
                from: string;
                to: string;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `rm_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AvailabilityOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEmails: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                recipient?: string | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
                template?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_CapturedEmailOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`, `sandbox_only`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reset: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["SandboxReset"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SandboxResetOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`, `sandbox_only`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `booking_conflict`, `concurrent_change`, `conflict`, `demo_already_seeded`, `duplicate`, `idempotency_key_in_use`, `sandbox_reset_in_progress`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `batch_too_large`, `beyond_booking_horizon`, `currency_mismatch`, `dependency_cycle`, `empty_batch`, `idempotency_key_reused`, `impossible_window`, `invalid_request`, `invalid_rows`, `min_notice`, `no_eligible_approver`, `outside_working_hours`, `resource_inactive`, `resource_missing`, `time_off`, `unknown_dependency`, `unknown_id`, `unknown_member`, `unknown_role`, `unknown_skill`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`, `temporal_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSsoConfiguration: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SsoOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`, `sso_not_configured`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setSsoConfiguration: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SsoBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SsoOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`, `permission_denied`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `concurrent_update`, `slug_taken`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The issuer does not answer discovery, or a bad field (`code`: `invalid_request`, `issuer_unusable`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSsoConfiguration: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`, `sso_not_configured`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTimeOff: {
        parameters: {
            query?: {
                creator_id?: string | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                room_id?: string | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_TimeOffOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTimeOff: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TimeOffCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeOffOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `conflict`, `duplicate`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteTimeOff: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `off_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDailyUsage: {
        parameters: {
            query?: {
                /** @description One key only; `none` for dashboard sessions and system */
                api_key_id?: string | null;
                /** @description `json` (default) or `csv` (or send `Accept: text/csv`) */
                format?: string | null;
                /** @description First day (UTC), YYYY-MM-DD */
                from?: string | null;
                /** @description One route group, workflow kind or outcome */
                group?: string | null;
                /** @description One metric only */
                metric?: string | null;
                /** @description Last day (UTC), YYYY-MM-DD */
                to?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageReport"];
                    "text/csv": string;
                };
            };
            /** @description Bad request (`code`: `invalid_filter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMonthlyUsageStatement: {
        parameters: {
            query?: {
                /** @description `json` (default) or `csv` (or send `Accept: text/csv`) */
                format?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description YYYY-MM (UTC) */
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementOut"];
                    "text/csv": string;
                };
            };
            /** @description Bad request (`code`: `invalid_filter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 */
                limit?: number;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_EndpointOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EndpointCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`, `quota_exceeded`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`, `invalid_url`, `unknown_event_type`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `we_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointOut"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `we_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `we_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EndpointUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`, `invalid_url`, `unknown_event_type`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookAttempts: {
        parameters: {
            query?: {
                event_id?: string | null;
                /** @description Page size, 1 to 100 */
                limit?: number;
                outcome?: ("succeeded" | "failed") | null;
                /** @description Cursor: the id of the last item of the previous page */
                starting_after?: string | null;
            };
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `we_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListResponse_AttemptOut_"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recoverWebhookEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `we_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecoverIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResendOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `endpoint_disabled`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`, `temporal_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resendWebhookEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `we_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResendIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResendOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `delivery_in_progress`, `endpoint_disabled`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`, `temporal_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookEndpointSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description Act on this sub-organization */
                "AuditoryX-Organization"?: string | null;
                /** @description Makes a POST safe to retry: the first response is replayed for 24 h */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description An id starting with `we_` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RotateIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretOut"];
                };
            };
            /** @description Bad request (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthenticated (`code`: `api_key_expired`, `api_key_revoked`, `invalid_api_key`, `member_disabled`, `member_removed`, `missing_api_key`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Permission denied (`code`: `missing_permission`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (`code`: `resource_missing`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (`code`: `concurrent_change`, `idempotency_key_in_use`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload too large (`code`: `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid request (`code`: `idempotency_key_reused`, `invalid_request`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`code`: `rate_limited`) */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Server error (`code`: `internal_error`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`code`: `database_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approvalDecidedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "approval.decided",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "approval_request",
                 *         "id": "apr_01jd7v2x3y4z5a6b7c8d9e0f1m",
                 *         "subject_type": "booking",
                 *         "subject_id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
                 *         "summary": "Vocal tracking, 4 h, EUR 480.00",
                 *         "status": "approved",
                 *         "amount": "480.00",
                 *         "currency": "EUR",
                 *         "reason": "every step approved"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ApprovalDecidedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    approvalRequestedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "approval.requested",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "approval_request",
                 *         "id": "apr_01jd7v2x3y4z5a6b7c8d9e0f1m",
                 *         "subject_type": "booking",
                 *         "subject_id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
                 *         "summary": "Vocal tracking, 4 h, EUR 480.00",
                 *         "status": "pending",
                 *         "amount": "480.00",
                 *         "currency": "EUR",
                 *         "reason": ""
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ApprovalRequestedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bookingCancelledEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "booking.cancelled",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "booking",
                 *         "id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
                 *         "status": "confirmed",
                 *         "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
                 *         "room_id": null,
                 *         "artist_id": "art_01jd7v2x3y4z5a6b7c8d9e0f1j",
                 *         "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
                 *         "project_id": null,
                 *         "batch_id": null,
                 *         "title": "Vocal tracking",
                 *         "start": "2026-12-01T10:00:00+00:00",
                 *         "end": "2026-12-01T14:00:00+00:00",
                 *         "price": "480.00",
                 *         "currency": "EUR",
                 *         "status_reason": "",
                 *         "version": 2
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["BookingCancelledEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bookingCompletedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "booking.completed",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "booking",
                 *         "id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
                 *         "status": "confirmed",
                 *         "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
                 *         "room_id": null,
                 *         "artist_id": "art_01jd7v2x3y4z5a6b7c8d9e0f1j",
                 *         "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
                 *         "project_id": null,
                 *         "batch_id": null,
                 *         "title": "Vocal tracking",
                 *         "start": "2026-12-01T10:00:00+00:00",
                 *         "end": "2026-12-01T14:00:00+00:00",
                 *         "price": "480.00",
                 *         "currency": "EUR",
                 *         "status_reason": "",
                 *         "version": 2
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["BookingCompletedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bookingConfirmedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "booking.confirmed",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "booking",
                 *         "id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
                 *         "status": "confirmed",
                 *         "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
                 *         "room_id": null,
                 *         "artist_id": "art_01jd7v2x3y4z5a6b7c8d9e0f1j",
                 *         "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
                 *         "project_id": null,
                 *         "batch_id": null,
                 *         "title": "Vocal tracking",
                 *         "start": "2026-12-01T10:00:00+00:00",
                 *         "end": "2026-12-01T14:00:00+00:00",
                 *         "price": "480.00",
                 *         "currency": "EUR",
                 *         "status_reason": "",
                 *         "version": 2
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["BookingConfirmedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bookingCreatedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "booking.created",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "booking",
                 *         "id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
                 *         "status": "confirmed",
                 *         "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
                 *         "room_id": null,
                 *         "artist_id": "art_01jd7v2x3y4z5a6b7c8d9e0f1j",
                 *         "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
                 *         "project_id": null,
                 *         "batch_id": null,
                 *         "title": "Vocal tracking",
                 *         "start": "2026-12-01T10:00:00+00:00",
                 *         "end": "2026-12-01T14:00:00+00:00",
                 *         "price": "480.00",
                 *         "currency": "EUR",
                 *         "status_reason": "",
                 *         "version": 2
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["BookingCreatedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bookingNoShowEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "booking.no_show",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "booking",
                 *         "id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
                 *         "status": "confirmed",
                 *         "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
                 *         "room_id": null,
                 *         "artist_id": "art_01jd7v2x3y4z5a6b7c8d9e0f1j",
                 *         "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
                 *         "project_id": null,
                 *         "batch_id": null,
                 *         "title": "Vocal tracking",
                 *         "start": "2026-12-01T10:00:00+00:00",
                 *         "end": "2026-12-01T14:00:00+00:00",
                 *         "price": "480.00",
                 *         "currency": "EUR",
                 *         "status_reason": "",
                 *         "version": 2
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["BookingNoShowEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bookingRescheduledEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "booking.rescheduled",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "booking",
                 *         "id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
                 *         "status": "confirmed",
                 *         "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
                 *         "room_id": null,
                 *         "artist_id": "art_01jd7v2x3y4z5a6b7c8d9e0f1j",
                 *         "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
                 *         "project_id": null,
                 *         "batch_id": null,
                 *         "title": "Vocal tracking",
                 *         "start": "2026-12-01T10:00:00+00:00",
                 *         "end": "2026-12-01T14:00:00+00:00",
                 *         "price": "480.00",
                 *         "currency": "EUR",
                 *         "status_reason": "",
                 *         "version": 2
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["BookingRescheduledEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bulkBookingCancelledEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "bulk_booking.cancelled",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "bulk_booking",
                 *         "id": "blk_01jd7v2x3y4z5a6b7c8d9e0f1n",
                 *         "status": "cancelled",
                 *         "mode": "all_or_nothing",
                 *         "title": "Album sessions",
                 *         "item_count": 40,
                 *         "counts": {
                 *           "confirmed": 40
                 *         },
                 *         "total_price": "9120.00",
                 *         "currency": "EUR",
                 *         "reason": "album shelved"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["BulkBookingCancelledEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bulkBookingCompletedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "bulk_booking.completed",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "bulk_booking",
                 *         "id": "blk_01jd7v2x3y4z5a6b7c8d9e0f1n",
                 *         "status": "confirmed",
                 *         "mode": "all_or_nothing",
                 *         "title": "Album sessions",
                 *         "item_count": 40,
                 *         "counts": {
                 *           "confirmed": 40
                 *         },
                 *         "total_price": "9120.00",
                 *         "currency": "EUR",
                 *         "reason": ""
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["BulkBookingCompletedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bulkBookingConfirmedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "bulk_booking.confirmed",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "bulk_booking",
                 *         "id": "blk_01jd7v2x3y4z5a6b7c8d9e0f1n",
                 *         "status": "confirmed",
                 *         "mode": "all_or_nothing",
                 *         "title": "Album sessions",
                 *         "item_count": 40,
                 *         "counts": {
                 *           "confirmed": 40
                 *         },
                 *         "total_price": "9120.00",
                 *         "currency": "EUR",
                 *         "reason": ""
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["BulkBookingConfirmedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bulkBookingCreatedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "bulk_booking.created",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "bulk_booking",
                 *         "id": "blk_01jd7v2x3y4z5a6b7c8d9e0f1n",
                 *         "status": "pending",
                 *         "mode": "all_or_nothing",
                 *         "title": "Album sessions",
                 *         "item_count": 40,
                 *         "counts": {
                 *           "confirmed": 40
                 *         },
                 *         "total_price": null,
                 *         "currency": null,
                 *         "reason": ""
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["BulkBookingCreatedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clientCreatedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "client.created",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "client",
                 *         "id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
                 *         "name": "Helix Music Ltd",
                 *         "email": "bookings@helix.example",
                 *         "domain": "helix.example",
                 *         "phone": null,
                 *         "external_ref": null
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ClientCreatedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clientUpdatedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "client.updated",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "client",
                 *         "id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
                 *         "name": "Helix Music Ltd",
                 *         "email": "bookings@helix.example",
                 *         "domain": "helix.example",
                 *         "phone": null,
                 *         "external_ref": null
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ClientUpdatedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    invoiceCreatedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "invoice.created",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "invoice",
                 *         "provider": "quickbooks",
                 *         "external_id": "145",
                 *         "doc_number": "AX-4E0F1G2H3J",
                 *         "booking_id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
                 *         "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
                 *         "total": "480.00",
                 *         "currency": "EUR"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["InvoiceCreatedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    projectMilestoneCancelledEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "project.milestone_cancelled",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "milestone",
                 *         "id": "mst_01jd7v2x3y4z5a6b7c8d9e0f1p",
                 *         "project_id": "prj_01jd7v2x3y4z5a6b7c8d9e0f1q",
                 *         "key": "mixing",
                 *         "name": "Mixing",
                 *         "status": "cancelled",
                 *         "completed_at": null
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ProjectMilestoneCancelledEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    projectMilestoneCompletedEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "project.milestone_completed",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "milestone",
                 *         "id": "mst_01jd7v2x3y4z5a6b7c8d9e0f1p",
                 *         "project_id": "prj_01jd7v2x3y4z5a6b7c8d9e0f1q",
                 *         "key": "mixing",
                 *         "name": "Mixing",
                 *         "status": "done",
                 *         "completed_at": "2026-12-04T18:00:00+00:00"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ProjectMilestoneCompletedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhookEndpointDisabledEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every retry: de-duplicate on it
                 * @example ev_01jd7v2x3y4z5a6b7c8d9e0f1s
                 */
                "webhook-id": string;
                /**
                 * @description Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the base64-decoded part of the endpoint's `whsec_…` secret, of `{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period both the new and the previous secret sign; accept the request if one matches
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Unix seconds of this attempt; refuse one too far from your clock
                 * @example 1764669600
                 */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                 *       "type": "webhook_endpoint.disabled",
                 *       "timestamp": "2026-12-01T14:00:00.123456+00:00",
                 *       "data": {
                 *         "object": "webhook_endpoint",
                 *         "id": "we_01jd7v2x3y4z5a6b7c8d9e0f1r",
                 *         "url": "https://hooks.example.com/auditoryx",
                 *         "failing_since": "2026-11-25T10:00:00+00:00",
                 *         "disabled_reason": "every delivery failed for 5 days"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["WebhookEndpointDisabledEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is disabled */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
