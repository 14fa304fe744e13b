// Types of the API's routes, derived from the generated OpenAPI types (src/schema.d.ts).
//
// A route is spelled "METHOD /v1/path/{param}", exactly as the OpenAPI document lists it; every
// SDK method names the route it calls this way, so the compiler refuses a route the document
// does not have, and the drift test finds every route of the document that no method calls.
import type { paths } from "./schema.js";

type HttpMethod = "get" | "put" | "post" | "delete" | "patch";
type V1Path = keyof paths & `/v1/${string}`;

/** Every `/v1` operation of the API, as `"GET /v1/artists/{id}"`. */
export type Route = {
  [P in V1Path]: {
    [M in HttpMethod]: [NonNullable<paths[P][M]>] extends [never] ? never : `${Uppercase<M>} ${P}`;
  }[HttpMethod];
}[V1Path];

/** The generated operation of a route. */
export type Operation<R extends Route> = R extends `${infer M} ${infer P}`
  ? P extends V1Path
    ? Lowercase<M> extends keyof paths[P]
      ? NonNullable<paths[P][Lowercase<M>]>
      : never
    : never
  : never;

type Parameters_<R extends Route> = Operation<R> extends { parameters: infer X } ? X : never;

/** The path parameters of a route (`{ id: string }`). */
export type PathParams<R extends Route> =
  Parameters_<R> extends { path: infer X } ? X : Record<string, never>;

/** The query parameters of a route. */
export type QueryParams<R extends Route> =
  Parameters_<R> extends { query?: infer X } ? ([X] extends [never] ? never : NonNullable<X>) : never;

/** The JSON body a route takes. */
export type RequestBody<R extends Route> =
  Operation<R> extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

type SuccessStatus = 200 | 201 | 202 | 204;

/** What a route answers with on success, for the given statuses (all 2xx by default);
 * `undefined` for a 204. */
export type Success<R extends Route, S extends number = SuccessStatus> =
  Operation<R>["responses"] extends infer Responses
    ? {
        [K in keyof Responses & S]: Responses[K] extends {
          content: { "application/json": infer J };
        }
          ? J
          : undefined;
      }[keyof Responses & S]
    : never;

/** A page of a cursor-paginated list route. */
export type ListOf<R extends Route> = Extract<Success<R>, { data: unknown[]; has_more: boolean }>;

/** One item of a list route. */
export type ItemOf<R extends Route> = ListOf<R>["data"][number];
