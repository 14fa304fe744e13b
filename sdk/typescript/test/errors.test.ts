// Problem+json answers become typed errors carrying code, param and requestId.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from "../src/index.js";
import { client, newCreator, at } from "./support.js";

test("an unknown id is a NotFoundError", async () => {
  await assert.rejects(client().artists.retrieve("art_00000000000000000000000000"), (error: unknown) => {
    assert.ok(error instanceof NotFoundError && error instanceof APIError);
    assert.equal(error.status, 404);
    assert.equal(error.code, "resource_missing");
    assert.match(error.requestId ?? "", /^req_/);
    return true;
  });
});

test("an invalid field is a ValidationError naming the param", async () => {
  await assert.rejects(client().members.create({ name: "Bad Mail", email: "not-an-email", role: "viewer" }), (error: unknown) => {
    assert.ok(error instanceof ValidationError);
    assert.equal(error.status, 422);
    assert.equal(error.code, "invalid_request");
    assert.equal(error.param, "email");
    assert.ok(error.errors.some((e) => e.param === "email"));
    return true;
  });
});

test("a wrong key is an AuthenticationError", async () => {
  await assert.rejects(client({ apiKey: "ax_live_nope" }).organization.retrieve(), (error: unknown) => {
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.code, "invalid_api_key");
    return true;
  });
});

test("a double booking is a ConflictError with the problem's details", async () => {
  const api = client();
  const creator = await newCreator(api);
  const slot = { creator_id: creator.id, start: at(40, 10), end: at(40, 12), status: "confirmed" as const };
  await api.bookings.create(slot);
  await assert.rejects(api.bookings.create(slot), (error: unknown) => {
    assert.ok(error instanceof ConflictError);
    assert.equal(error.status, 409);
    assert.ok(error.code);
    assert.ok(error.problem && typeof error.problem === "object");
    return true;
  });
});

test("no server at all is an APIConnectionError after the retries", async () => {
  const api = client({ baseUrl: "http://127.0.0.1:9", maxRetries: 1 });
  await assert.rejects(api.organization.retrieve(), APIConnectionError);
});
