import type { Core } from "../core.js";

/** A group of the API's routes about one resource, reached as a property of the Client. */
export abstract class Resource {
  constructor(protected readonly core: Core) {}
}
