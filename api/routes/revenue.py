"""Revenue statements: import (CSV or JSON rows), list, read, delete to restate."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import ValidationError

from api.deps import ActorDep, CanReadAnalytics, CanWriteLedger, TenantSession
from api.loaders import RevenueImportDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.revenue import RevenueStatementJson
from domain.errors import InvalidRequest
from domain.finance import rates, revenue_imports, statement_rows
from domain.finance.revenue_imports import ImportReport

router = APIRouter(prefix="/v1/revenue", tags=["revenue"])


def _json_rows(body: bytes) -> tuple[str, list[tuple[int | None, dict[str, Any]]]]:
    try:
        parsed = RevenueStatementJson.model_validate(json.loads(body or b"null"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidRequest("the body is not valid JSON", param="body") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise InvalidRequest(f"{where}: {first['msg']}", param=where) from None
    return parsed.source_name, [(None, row) for row in parsed.rows]


@router.post(
    "/imports",
    status_code=status.HTTP_201_CREATED,
    summary="Import a revenue statement (CSV or JSON rows)",
    description=(
        "Send `text/csv` with the header "
        f"`{','.join(statement_rows.COLUMNS)}` (reference optional), or `application/json` "
        'as `{"source_name": "...", "rows": [{...}]}`. `artist` is an artist id, '
        "`external_ref` or exact name; `period` is `YYYY-MM`. Every row is validated; "
        "`mode=all_or_nothing` (default) imports nothing if any row fails, `mode=partial` "
        "imports the valid rows. Lines already imported are `unchanged`: sending the same "
        "file again answers 200 and changes nothing. A row in a currency without a stored "
        "rate into the reporting currency is an error. Invalid rows → 422 `invalid_rows` "
        "with `row_errors` (index, CSV line, field, reason)."
    ),
    responses={
        200: {"model": ImportReport, "description": "Nothing new: every row was imported before"}
    },
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "source_name": {"type": "string"},
                            "rows": {"type": "array", "items": {"type": "object"}},
                        },
                    }
                },
                "text/csv": {"schema": {"type": "string"}},
            }
        }
    },
)
async def import_statement(
    request: Request,
    response: Response,
    principal: CanWriteLedger,
    session: TenantSession,
    actor: ActorDep,
    mode: Literal["partial", "all_or_nothing"] = "all_or_nothing",
    source_name: Annotated[str, Query(max_length=200, description="For CSV uploads")] = "",
) -> ImportReport:
    body = await request.body()  # at most MAX_REVENUE_IMPORT_BYTES (api/body_limits.py)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in ("text/csv", "application/csv"):
        rows = statement_rows.parse_csv(body)
    elif content_type == "application/json":
        source_name, rows = _json_rows(body)
    else:
        raise InvalidRequest(
            "send text/csv or application/json", param="content-type", code="unsupported_media_type"
        )
    report = await revenue_imports.import_statement(
        session,
        organization_id=principal.organization_id,
        rows=rows,
        mode=mode,
        source_name=source_name,
        content=body,
        actor=actor,
    )
    if report.id is None:
        response.status_code = status.HTTP_200_OK
    return report


@router.get("/imports", summary="List revenue imports")
async def list_imports(
    principal: CanReadAnalytics,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[ImportReport]:
    rc = await rates.reporting_currency(session, principal.organization_id)
    page = await revenue_imports.list_imports(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(
        data=[revenue_imports.report_of(r, rc) for r in page.items], has_more=page.has_more
    )


@router.get("/imports/{id}", summary="A revenue import and its row errors")
async def get_import(
    principal: CanReadAnalytics,
    record: RevenueImportDep,
    session: TenantSession,
) -> ImportReport:
    rc = await rates.reporting_currency(session, principal.organization_id)
    return revenue_imports.report_of(record, rc)


@router.delete(
    "/imports/{id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an import and its lines (to restate a statement)",
)
async def delete_import(
    principal: CanWriteLedger,
    record: RevenueImportDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await revenue_imports.delete_import(session, record, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
