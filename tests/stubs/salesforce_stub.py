"""A Salesforce stand-in over TLS that speaks its wire format: the OAuth 2.0 token endpoint
(``/services/oauth2/token``: authorization codes and refresh tokens of one Connected App,
JWT bearer assertions verified with the app's certificate's public key — signature, ``iss``,
``aud`` (the login host), ``exp`` at most three minutes ahead, ``sub`` a pre-authorized
user — answers carrying ``instance_url``), REST sobjects with upserts by an external id field (PATCH
``/sobjects/{Object}/AuditoryX_Id__c/{key}``: 201 with the new id, 204 for an update) and GET
by external id, the SOQL query endpoint (``SELECT … FROM … [WHERE Id IN (…)] [LIMIT n]``),
Bulk API 2.0 ingest jobs
(``/jobs/ingest``: an upsert job by external id, its CSV uploaded, ``UploadComplete``, the
state ``InProgress`` for ``bulk_polls`` reads then ``JobComplete``, ``successfulResults`` and
``failedResults`` as CSV; ``Account.AuditoryX_Id__c`` relationship columns resolved),
errors as Salesforce's JSON array of ``{"message", "errorCode"}`` (401 ``INVALID_SESSION_ID``,
403 ``REQUEST_LIMIT_EXCEEDED``, 400 ``INVALID_FIELD`` / ``REQUIRED_FIELD_MISSING``), and the
``Sforce-Limit-Info: api-usage=used/total`` header on every API answer."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import threading
import time
from pathlib import Path
from typing import Any

import jwt

from tests.stubs import Recorded, RecordingServer

TOKEN_PATH = "/services/oauth2/token"
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
DATA = re.compile(r"^/services/data/v\d+\.\d+/(?P<rest>.*)$")
EXTERNAL_ID = "AuditoryX_Id__c"
PREFIXES = {"Account": "001", "Contact": "003", "Opportunity": "006"}
REQUIRED = {"Account": ("Name",), "Contact": ("LastName",), "Opportunity": ("Name", "StageName")}
STAGES = {
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
}
SOQL = re.compile(
    r"^SELECT (?P<fields>.+?) FROM (?P<object>\w+)"
    r"(?: WHERE Id IN \((?P<ids>[^)]*)\))?(?: LIMIT (?P<limit>\d+))?$"
)

Answer = tuple[int, dict[str, str], bytes]


def _errors(status: int, code: str, message: str, **extra: Any) -> Answer:
    body = [{"message": message, "errorCode": code, **extra}]
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


class SalesforceStub(RecordingServer):
    def __init__(self, tls: tuple[Path, Path]) -> None:
        super().__init__(tls)
        handler = self._server.RequestHandlerClass
        handler.do_PATCH = handler.do_POST  # type: ignore[attr-defined]
        handler.do_DELETE = handler.do_POST  # type: ignore[attr-defined]
        handler.do_PUT = handler.do_POST  # type: ignore[attr-defined]
        self.tokens: set[str] = set()
        self.records: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in PREFIXES}
        # Objects whose admin created the external id field (all of them unless told).
        self.external_id_on = set(PREFIXES)
        self.app: tuple[str, str] | None = None
        self.codes: set[str] = set()
        self.refresh_tokens: set[str] = set()
        # JWT bearer: the consumer key, the public key of its certificate, pre-authorized users.
        self.jwt_app: tuple[str, str] | None = None
        self.jwt_users: set[str] = set()
        self.used, self.allowed = 0, 15000
        self.limit_exceeded = 0  # the next n API calls answer REQUEST_LIMIT_EXCEEDED
        self.fail_after_write = 0  # the next n upserts are applied, then answered 500
        self._ids = itertools.count(1)
        self.jobs: dict[str, dict[str, Any]] = {}
        self.bulk_polls = 2  # reads of a closed job that still find it InProgress
        self.fail_next_job = ""  # the next closed job ends Failed with this message
        # Account validation: the message a row is refused with, or None (an org's rule).
        self.account_rule: Any = None
        self._tokens = itertools.count(1)
        self._state = threading.Lock()

    @property
    def instance_url(self) -> str:
        return self.base_url

    def register_app(self, client_id: str, client_secret: str, code: str) -> None:
        with self._state:
            self.app = (client_id, client_secret)
            self.codes.add(code)

    def register_jwt_app(self, client_id: str, public_key: str, users: set[str]) -> None:
        with self._state:
            self.jwt_app = (client_id, public_key)
            self.jwt_users = set(users)

    def expire(self, access_token: str) -> None:
        with self._state:
            self.tokens.discard(access_token)

    def token_grants(self, grant_type: str) -> list[Recorded]:
        return self.recorded(
            lambda r: r.path == TOKEN_PATH and r.form().get("grant_type") == grant_type
        )

    def upserts(self, sobject: str) -> list[Recorded]:
        return self.recorded(
            lambda r: r.method == "PATCH" and f"/sobjects/{sobject}/{EXTERNAL_ID}/" in r.path
        )

    def queries(self) -> list[Recorded]:
        return self.recorded(lambda r: r.path.endswith("/query/"))

    def by_key(self, sobject: str, key: str) -> tuple[str, dict[str, Any]] | None:
        for record_id, fields in self.records[sobject].items():
            if fields.get(EXTERNAL_ID) == key:
                return record_id, fields
        return None

    @staticmethod
    def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Answer:
        return (
            status,
            {"Content-Type": "application/json", **(headers or {})},
            json.dumps(body).encode(),
        )

    def _jwt_grant(self, assertion: str) -> Answer | None:
        """None when the assertion is good, else Salesforce's refusal."""

        def refused(error: str, description: str) -> Answer:
            return self._json(400, {"error": error, "error_description": description})

        try:
            claims = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError:
            return refused("invalid_grant", "invalid assertion")
        if self.jwt_app is None or claims.get("iss") != self.jwt_app[0]:
            return refused("invalid_client_id", "client identifier invalid")
        try:
            jwt.decode(
                assertion,
                self.jwt_app[1],
                algorithms=["RS256"],
                audience=self.base_url,
                options={"require": ["exp", "aud", "sub", "iss"]},
            )
        except jwt.InvalidAudienceError:
            return refused("invalid_grant", "audience is invalid")
        except jwt.ExpiredSignatureError:
            return refused("invalid_grant", "expired authorization code")
        except jwt.PyJWTError:
            return refused("invalid_grant", "invalid assertion")
        if int(claims["exp"]) > time.time() + 180 + 5:
            return refused("invalid_grant", "expiration date is too far in the future")
        if claims.get("sub") not in self.jwt_users:
            return refused("invalid_grant", "user hasn't approved this consumer")
        return None

    def _grant(self, form: dict[str, str]) -> Answer:
        if form.get("grant_type") == JWT_GRANT:
            refusal = self._jwt_grant(form.get("assertion", ""))
            return refusal or self._issue({}, scope="api")
        if self.app != (form.get("client_id"), form.get("client_secret")):
            return self._json(
                400,
                {"error": "invalid_client_id", "error_description": "client identifier invalid"},
            )
        grant = form.get("grant_type")
        answer: dict[str, Any] = {}
        if grant == "authorization_code" and form.get("code") in self.codes:
            self.codes.discard(form["code"])
            refresh = f"5Aep861-refresh-{next(self._tokens):04d}"
            self.refresh_tokens.add(refresh)
            answer["refresh_token"] = refresh
        elif grant == "refresh_token" and form.get("refresh_token") in self.refresh_tokens:
            pass  # Salesforce keeps the refresh token: the answer has none
        else:
            description = (
                "expired access/refresh token"
                if grant == "refresh_token"
                else "authentication failure"
            )
            return self._json(400, {"error": "invalid_grant", "error_description": description})
        return self._issue(answer, scope="refresh_token api")

    def _issue(self, answer: dict[str, Any], *, scope: str) -> Answer:
        access = f"00D5g000004Sfst!AQ-access-{next(self._tokens):04d}"
        self.tokens.add(access)
        return self._json(
            200,
            {
                **answer,
                "access_token": access,
                "instance_url": self.instance_url,
                "id": "https://login.salesforce.com/id/00D5g000004Sfst/0055g00000A1b2c",
                "token_type": "Bearer",
                "issued_at": "1764662400000",
                "signature": "c2lnbmF0dXJl",
                "scope": scope,
            },
        )

    def respond(self, request: Recorded) -> Answer:
        with self._state:
            if request.path == TOKEN_PATH:
                return self._grant(request.form())
            token = request.headers.get("authorization", "").removeprefix("Bearer ")
            if token not in self.tokens:
                return _errors(401, "INVALID_SESSION_ID", "Session expired or invalid")
            if self.limit_exceeded:
                self.limit_exceeded -= 1
                return _errors(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
            self.used += 1
            status, headers, body = self._api(request)
        return (
            status,
            {**headers, "Sforce-Limit-Info": f"api-usage={self.used}/{self.allowed}"},
            body,
        )

    def _api(self, request: Recorded) -> Answer:
        match = DATA.match(request.path)
        if match is None:
            return _errors(404, "NOT_FOUND", "The requested resource does not exist")
        rest = match["rest"].strip("/").split("/")
        if rest[:2] == ["jobs", "ingest"]:
            return self._ingest(request, rest[2:])
        if rest == ["query"] and request.method == "GET":
            return self._query(request.query.get("q", ""))
        if len(rest) == 4 and rest[0] == "sobjects" and rest[2] == EXTERNAL_ID:
            sobject, key = rest[1], rest[3]
            if sobject not in PREFIXES:
                return _errors(404, "NOT_FOUND", "The requested resource does not exist")
            if sobject not in self.external_id_on:
                return _errors(404, "NOT_FOUND", "Provided external ID field does not exist")
            if request.method == "PATCH":
                return self._upsert(sobject, key, request.json())
            found = self.by_key(sobject, key)
            if found is None:
                return _errors(404, "NOT_FOUND", "The requested resource does not exist")
            return self._json(200, self._record(sobject, *found))
        return _errors(404, "NOT_FOUND", "The requested resource does not exist")

    def _record(self, sobject: str, record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        return {
            "attributes": {
                "type": sobject,
                "url": f"/services/data/v59.0/sobjects/{sobject}/{record_id}",
            },
            "Id": record_id,
            **fields,
        }

    def _write(
        self, sobject: str, key: str, fields: dict[str, Any]
    ) -> tuple[str, bool] | tuple[str, str, str]:
        """Upsert by external id: (record id, created), or (error code, message, field)."""
        found = self.by_key(sobject, key)
        merged = {**(found[1] if found else {}), **fields, EXTERNAL_ID: key}
        missing = [f for f in REQUIRED[sobject] if not merged.get(f)]
        if missing:
            return "REQUIRED_FIELD_MISSING", f"Required fields are missing: {missing}", missing[0]
        if sobject == "Opportunity" and merged["StageName"] not in STAGES:
            return (
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                f"Stage: bad value for restricted picklist field: {merged['StageName']}",
                "StageName",
            )
        refused = self.account_rule(merged) if sobject == "Account" and self.account_rule else None
        if refused:
            return "FIELD_CUSTOM_VALIDATION_EXCEPTION", refused, ""
        if found is None:
            record_id = f"{PREFIXES[sobject]}5g00000{next(self._ids):08d}"
            self.records[sobject][record_id] = merged
            return record_id, True
        found[1].update(merged)
        return found[0], False

    def _upsert(self, sobject: str, key: str, fields: dict[str, Any]) -> Answer:
        written = self._write(sobject, key, fields)
        if len(written) == 3:
            code, message, field = written
            return _errors(400, code, message, fields=[field] if field else [])
        record_id, created = written
        if self.fail_after_write:  # applied, but the answer is lost: the caller retries
            self.fail_after_write -= 1
            return _errors(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred.")
        if not created:
            return 204, {}, b""
        return self._json(201, {"id": record_id, "success": True, "errors": [], "created": True})

    # --- Bulk API 2.0 ingest ---------------------------------------------------------------

    def _job_info(self, job: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in job.items() if not k.startswith("_")}

    def _ingest(self, request: Recorded, rest: list[str]) -> Answer:
        if not rest and request.method == "POST":
            spec = request.json()
            if spec.get("object") not in PREFIXES or spec.get("operation") != "upsert":
                return _errors(400, "INVALIDJOB", "InvalidJob : object or operation invalid")
            if spec.get("externalIdFieldName") != EXTERNAL_ID:
                return _errors(400, "INVALIDJOB", "InvalidJob : externalIdFieldName required")
            job_id = f"7505g00000{next(self._ids):08d}"
            self.jobs[job_id] = {
                "id": job_id,
                "object": spec["object"],
                "operation": "upsert",
                "externalIdFieldName": EXTERNAL_ID,
                "state": "Open",
                "numberRecordsProcessed": 0,
                "numberRecordsFailed": 0,
                "_csv": "",
                "_polls": 0,
            }
            return self._json(200, self._job_info(self.jobs[job_id]))
        job = self.jobs.get(rest[0]) if rest else None
        if job is None:
            return _errors(404, "NOT_FOUND", "The requested resource does not exist")
        tail = rest[1:]
        if tail == ["batches"] and request.method == "PUT":
            if job["state"] != "Open":
                return _errors(409, "INVALIDJOBSTATE", "Job is not open for uploads")
            job["_csv"] += request.body.decode()
            return 201, {}, b""
        if not tail and request.method == "PATCH":
            if request.json().get("state") != "UploadComplete" or job["state"] != "Open":
                return _errors(400, "INVALIDJOBSTATE", "Invalid state transition")
            job["state"] = "UploadComplete"
            return self._json(200, self._job_info(job))
        if not tail and request.method == "GET":
            self._advance(job)
            return self._json(200, self._job_info(job))
        if tail in (["successfulResults"], ["failedResults"]) and request.method == "GET":
            rows = job.get("_ok" if tail == ["successfulResults"] else "_failed", [])
            columns = job.get("_columns", [])
            first = ["sf__Id", "sf__Created"] if tail == ["successfulResults"] else ["sf__Id"]
            if tail == ["failedResults"]:
                first.append("sf__Error")
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=first + columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            return 200, {"Content-Type": "text/csv"}, out.getvalue().encode()
        return _errors(404, "NOT_FOUND", "The requested resource does not exist")

    def _advance(self, job: dict[str, Any]) -> None:
        """A closed job is InProgress for ``bulk_polls`` reads, then processed at once."""
        if job["state"] == "UploadComplete":
            job["state"] = "InProgress"
        if job["state"] != "InProgress":
            return
        job["_polls"] += 1
        if job["_polls"] <= self.bulk_polls:
            return
        if self.fail_next_job:
            job["state"], job["errorMessage"] = "Failed", self.fail_next_job
            self.fail_next_job = ""
            return
        reader = csv.DictReader(io.StringIO(job["_csv"]))
        job["_columns"] = list(reader.fieldnames or [])
        ok, failed = [], []
        for row in reader:
            fields = {k: v for k, v in row.items() if k != EXTERNAL_ID and v != ""}
            parent = fields.pop(f"Account.{EXTERNAL_ID}", None)
            if parent is not None:
                account = self.by_key("Account", parent)
                if account is None:
                    failed.append(
                        {
                            "sf__Id": "",
                            "sf__Error": f"INVALID_FIELD:Foreign key external ID: {parent} "
                            f"not found for field {EXTERNAL_ID} in entity Account:--",
                            **row,
                        }
                    )
                    continue
                fields["AccountId"] = account[0]
            written = self._write(job["object"], row.get(EXTERNAL_ID, ""), fields)
            if len(written) == 3:
                code, message, field = written
                failed.append({"sf__Id": "", "sf__Error": f"{code}:{message}:{field} --", **row})
            else:
                record_id, created = written
                ok.append({"sf__Id": record_id, "sf__Created": str(created).lower(), **row})
        job["_ok"], job["_failed"] = ok, failed
        job["state"] = "JobComplete"
        job["numberRecordsProcessed"] = len(ok) + len(failed)
        job["numberRecordsFailed"] = len(failed)

    def _query(self, soql: str) -> Answer:
        match = SOQL.match(" ".join(soql.split()))
        if match is None:
            return _errors(400, "MALFORMED_QUERY", f"unexpected token in: {soql}")
        sobject = match["object"]
        if sobject not in PREFIXES:
            return _errors(400, "INVALID_TYPE", f"sObject type '{sobject}' is not supported.")
        fields = [f.strip() for f in match["fields"].split(",")]
        if EXTERNAL_ID in fields and sobject not in self.external_id_on:
            return _errors(
                400,
                "INVALID_FIELD",
                f"No such column '{EXTERNAL_ID}' on entity '{sobject}'. If you are attempting "
                "to use a custom field, be sure to append the '__c' after the custom field "
                "name.",
            )
        store = self.records[sobject]
        ids = (
            [i.strip().strip("'") for i in match["ids"].split(",")]
            if match["ids"] is not None
            else list(store)
        )
        hits = [
            self._record(sobject, i, {f: store[i].get(f) for f in fields if f != "Id"})
            for i in ids
            if i in store
        ]
        if match["limit"]:
            hits = hits[: int(match["limit"])]
        return self._json(200, {"totalSize": len(hits), "done": True, "records": hits})
