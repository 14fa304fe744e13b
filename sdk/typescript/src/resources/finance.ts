// The ledger: revenue imports, exchange rates, entries, budgets, and the analytics over them.
import type { RequestOptions } from "../core.js";
import type { QueryParams, RequestBody } from "../routes.js";
import { Resource } from "./resource.js";

type RevenueRows = { source_name?: string; rows: Record<string, unknown>[] };

export class RevenueImports extends Resource {
  list(query?: QueryParams<"GET /v1/revenue/imports">, options?: RequestOptions) {
    return this.core.list("GET /v1/revenue/imports", { query }, options);
  }
  /** Import a distributor statement: JSON rows, or CSV text with its header row. */
  create(statement: RevenueRows | string, query?: QueryParams<"POST /v1/revenue/imports">, options?: RequestOptions) {
    // The document types the JSON rows loosely (each row is validated on its own).
    const body = typeof statement === "string" ? { contentType: "text/csv", data: statement } : (statement as unknown as RequestBody<"POST /v1/revenue/imports">);
    return this.core.request("POST /v1/revenue/imports", { body, query }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/revenue/imports/{id}", { path: { id } }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/revenue/imports/{id}", { path: { id } }, options);
  }
}

export class ExchangeRates extends Resource {
  retrieve(query?: QueryParams<"GET /v1/exchange-rates">, options?: RequestOptions) {
    return this.core.request("GET /v1/exchange-rates", { query }, options);
  }
  set(body: RequestBody<"PUT /v1/exchange-rates">, options?: RequestOptions) {
    return this.core.request("PUT /v1/exchange-rates", { body }, options);
  }
}

export class LedgerEntries extends Resource {
  list(query?: QueryParams<"GET /v1/ledger-entries">, options?: RequestOptions) {
    return this.core.list("GET /v1/ledger-entries", { query }, options);
  }
  create(body: RequestBody<"POST /v1/ledger-entries">, options?: RequestOptions) {
    return this.core.request("POST /v1/ledger-entries", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/ledger-entries/{id}", { path: { id } }, options);
  }
}

export class Budgets extends Resource {
  list(query?: QueryParams<"GET /v1/budgets">, options?: RequestOptions) {
    return this.core.list("GET /v1/budgets", { query }, options);
  }
  create(body: RequestBody<"POST /v1/budgets">, options?: RequestOptions) {
    return this.core.request("POST /v1/budgets", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/budgets/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/budgets/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/budgets/{id}", { path: { id }, body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/budgets/{id}", { path: { id } }, options);
  }
}

export class Analytics extends Resource {
  roster(query?: QueryParams<"GET /v1/analytics/roster">, options?: RequestOptions) {
    return this.core.request("GET /v1/analytics/roster", { query }, options);
  }
  artistComparison(query: QueryParams<"GET /v1/analytics/artist-comparison">, options?: RequestOptions) {
    return this.core.request("GET /v1/analytics/artist-comparison", { query }, options);
  }
  creatorUtilisation(query?: QueryParams<"GET /v1/analytics/creator-utilisation">, options?: RequestOptions) {
    return this.core.request("GET /v1/analytics/creator-utilisation", { query }, options);
  }
  bookingPipeline(query?: QueryParams<"GET /v1/analytics/booking-pipeline">, options?: RequestOptions) {
    return this.core.request("GET /v1/analytics/booking-pipeline", { query }, options);
  }
  budgets(query?: QueryParams<"GET /v1/analytics/budgets">, options?: RequestOptions) {
    return this.core.request("GET /v1/analytics/budgets", { query }, options);
  }
  forecast(query?: QueryParams<"GET /v1/analytics/forecast">, options?: RequestOptions) {
    return this.core.request("GET /v1/analytics/forecast", { query }, options);
  }
  budgetScenarios(body: RequestBody<"POST /v1/analytics/budget-scenarios">, options?: RequestOptions) {
    return this.core.request("POST /v1/analytics/budget-scenarios", { body }, options);
  }
}
