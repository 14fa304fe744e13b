// Metered usage per day, and the monthly statement against the plan.
import type { RequestOptions } from "../core.js";
import type { QueryParams } from "../routes.js";
import { Resource } from "./resource.js";

type UsageQuery = Omit<QueryParams<"GET /v1/usage">, "format">;

export class Usage extends Resource {
  retrieve(query?: UsageQuery, options?: RequestOptions) {
    return this.core.request("GET /v1/usage", { query: { ...query, format: "json" } }, options);
  }
  /** The same rows as CSV text (`day,metric,group,status_class,api_key_id,count`). */
  async csv(query?: UsageQuery, options?: RequestOptions): Promise<string> {
    return (await this.core.request("GET /v1/usage", { query: { ...query, format: "csv" }, text: true }, options)) as unknown as string;
  }
  /** The statement of a UTC month (`YYYY-MM`). */
  statement(month: string, options?: RequestOptions) {
    return this.core.request("GET /v1/usage/statements/{month}", { path: { month }, query: { format: "json" } }, options);
  }
}
