"""Revenue statement imports: per-row validation, partial or all-or-nothing, idempotent
re-import, restatements, and the tenant boundary."""

from __future__ import annotations

from typing import Any

import httpx
import psycopg
import pytest

from tests.support.harness import Tenant

HEADER = "period,artist,source,territory,amount,currency,reference\n"
GOOD = "2025-01,Aurora,Spotify,US,120.50,USD,\n2025-01,A-1,Deezer,FR,10,EUR,\n"
BAD = (
    "2025-13,Aurora,Spotify,US,1,USD,\n"  # line 4: bad month
    "2025-02,Nobody,Spotify,US,1,USD,\n"  # line 5: unknown artist
    "2025-02,Aurora,Spotify,JP,500,JPY,\n"  # line 6: no JPY rate
    "2025-02,Aurora,Spotify,US,1.234,USD,\n"  # line 7: too many decimals
    "2025-02,Aurora,Spotify,US,1,USD,x,extra\n"  # line 8: too many values
    "2099-01,Aurora,Spotify,US,1,USD,\n"  # line 9: future
)


def lines(owner_conninfo: str, org: Tenant) -> int:
    """How many statement lines the organization has; checks the monthly rollup agrees."""
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM revenue_lines WHERE organization_id = %(o)s),"
            " (SELECT coalesce(sum(amount_minor), 0) FROM revenue_lines"
            "   WHERE organization_id = %(o)s),"
            " (SELECT coalesce(sum(lines), 0) FROM revenue_monthly WHERE organization_id = %(o)s),"
            " (SELECT coalesce(sum(amount_minor), 0) FROM revenue_monthly"
            "   WHERE organization_id = %(o)s)",
            {"o": org.id},
        ).fetchone()
    assert row is not None
    count, amount, rolled_count, rolled_amount = row
    assert (count, amount) == (rolled_count, rolled_amount)
    return int(count)


async def upload(api: httpx.AsyncClient, org: Tenant, csv: str, **params: str) -> httpx.Response:
    return await api.post(
        "/v1/revenue/imports",
        content=csv,
        params=params,
        headers={**org.headers, "Content-Type": "text/csv"},
    )


@pytest.fixture
async def roster(api: httpx.AsyncClient, org_a: Tenant) -> None:
    for body in ({"name": "Aurora"}, {"name": "Blake", "external_ref": "A-1"}):
        r = await api.post("/v1/artists", json=body, headers=org_a.headers)
        assert r.status_code == 201
    r = await api.put(
        "/v1/exchange-rates",
        json={
            "reporting_currency": "USD",
            "rates": [{"date": "2024-12-01", "base": "EUR", "quote": "USD", "rate": "1.1"}],
        },
        headers=org_a.headers,
    )
    assert r.status_code == 200


async def test_every_bad_row_is_reported_and_nothing_is_imported(
    api, org_a, roster, owner_conninfo
):
    r = await upload(api, org_a, HEADER + GOOD + BAD)
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "invalid_rows"
    assert body["rows_failed"] == 6
    found = {(e["line"], e["field"]) for e in body["row_errors"]}
    assert found == {
        (4, "period"),
        (5, "artist"),
        (6, "currency"),
        (7, "amount"),
        (8, "row"),
        (9, "period"),
    }
    reasons = {e["line"]: e["reason"] for e in body["row_errors"]}
    assert "no exchange rate from JPY to USD" in reasons[6]
    assert "at most 2 decimals" in reasons[7]
    assert "future" in reasons[9]
    assert body["param"] == "rows.2.period"
    assert lines(owner_conninfo, org_a) == 0


async def test_partial_imports_the_good_rows_and_keeps_the_report(
    api, org_a, roster, owner_conninfo
):
    r = await upload(api, org_a, HEADER + GOOD + BAD, mode="partial", source_name="Q1 DSPs")
    assert r.status_code == 201, r.text
    report = r.json()
    assert (report["status"], report["rows_imported"], report["rows_failed"]) == ("partial", 2, 6)
    assert lines(owner_conninfo, org_a) == 2
    r = await api.get(f"/v1/revenue/imports/{report['id']}", headers=org_a.headers)
    assert r.status_code == 200
    assert r.json()["source_name"] == "Q1 DSPs"
    assert [e["line"] for e in r.json()["errors"]] == [4, 5, 6, 7, 8, 9]
    r = await api.get("/v1/revenue/imports", headers=org_a.headers)
    assert [i["id"] for i in r.json()["data"]] == [report["id"]]


async def test_reimporting_the_same_file_changes_nothing(api, org_a, roster, owner_conninfo):
    first = await upload(api, org_a, HEADER + GOOD)
    assert first.status_code == 201
    again = await upload(api, org_a, HEADER + GOOD)
    assert again.status_code == 200
    assert (again.json()["status"], again.json()["id"], again.json()["rows_unchanged"]) == (
        "unchanged",
        None,
        2,
    )
    assert lines(owner_conninfo, org_a) == 2
    r = await api.get("/v1/revenue/imports", headers=org_a.headers)
    assert len(r.json()["data"]) == 1

    # A restated amount is refused (never double counted) until the old import is deleted.
    restated = HEADER + GOOD.replace("120.50", "130.00")
    r = await upload(api, org_a, restated)
    assert r.status_code == 422
    assert r.json()["row_errors"][0]["field"] == "amount"
    r = await api.delete(f"/v1/revenue/imports/{first.json()['id']}", headers=org_a.headers)
    assert r.status_code == 204
    assert lines(owner_conninfo, org_a) == 0
    r = await upload(api, org_a, restated)
    assert r.status_code == 201 and r.json()["rows_imported"] == 2


ROW = {
    "period": "2025-01",
    "artist": "Aurora",
    "source": "YouTube",
    "territory": "WW",
    "amount": "5",
    "currency": "USD",
}


async def test_duplicate_rows_in_one_file_and_json_rows(api, org_a, roster):
    r = await api.post(
        "/v1/revenue/imports",
        json={
            "source_name": "API",
            "rows": [
                {
                    "period": "2025-01",
                    "artist": "Aurora",
                    "source": "YouTube",
                    "territory": "WW",
                    "amount": "5",
                    "currency": "USD",
                },
                {
                    "period": "2025-01-31",
                    "artist": "Aurora",
                    "source": "youtube",
                    "territory": "ww",
                    "amount": "5",
                    "currency": "USD",
                },
            ],
        },
        params={"mode": "partial"},
        headers=org_a.headers,
    )
    assert r.status_code == 201, r.text
    assert r.json()["rows_imported"] == 1
    assert r.json()["errors"] == [
        {"index": 1, "line": None, "field": "row", "reason": "duplicates row 0 of this file"}
    ]


@pytest.mark.parametrize(
    ("csv", "param"),
    [
        ("period,artist,amount\n2025-01,Aurora,1\n", "file"),
        (HEADER.replace("reference", "isrc"), "file"),
        (HEADER, "rows"),
    ],
)
async def test_files_that_cannot_be_read_are_one_422(api, org_a, roster, csv, param):
    r = await upload(api, org_a, csv)
    assert r.status_code == 422
    assert r.json()["param"] == param


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ('2025-01,"Aurora,Spotify,US,1,USD,\n2025-01,Aurora,Deezer,FR,2,USD,\n', "never closed"),
        ("2025-01,Aurora,Spotify,US,1,USD," + "r" * (128 * 1024 + 1) + "\n", "128 KB"),
    ],
)
async def test_a_file_that_cannot_be_read_is_a_422_naming_the_line(
    api, org_a, roster, owner_conninfo, rows, reason
):
    r = await upload(api, org_a, HEADER + GOOD + rows)

    assert r.status_code == 422, r.text
    body = r.json()
    assert (body["code"], body["param"], body["line"]) == ("invalid_csv", "file", 4)
    assert body["detail"].startswith("line 4: ") and reason in body["detail"], body
    assert lines(owner_conninfo, org_a) == 0


async def test_unsupported_content_and_permissions(api, org_a, roster):
    r = await api.post(
        "/v1/revenue/imports",
        content=b"x",
        headers={**org_a.headers, "Content-Type": "text/plain"},
    )
    assert r.status_code == 422 and r.json()["param"] == "content-type"
    r = await api.post("/v1/api-keys", json={"name": "ro", "permissions": ["analytics:read"]},
                       headers=org_a.headers)  # fmt: skip
    reader = {"Authorization": f"Bearer {r.json()['secret']}"}
    r = await api.post("/v1/revenue/imports", content=HEADER + GOOD,
                       headers={**reader, "Content-Type": "text/csv"})  # fmt: skip
    assert r.status_code == 403


async def test_another_organizations_artists_cannot_be_named(
    api, org_a, org_b, roster, owner_conninfo
):
    r = await api.get("/v1/artists", headers=org_a.headers)
    aurora_id = next(a["id"] for a in r.json()["data"] if a["name"] == "Aurora")
    rows: list[dict[str, Any]] = [
        {"period": "2025-01", "artist": value, "source": "S", "territory": "US",
         "amount": "1", "currency": "USD"}
        for value in (aurora_id, "Aurora", "A-1")
    ]  # fmt: skip
    r = await api.post("/v1/revenue/imports", json={"rows": rows}, headers=org_b.headers)
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["row_errors"]} == {"artist"}
    assert lines(owner_conninfo, org_b) == 0
    first = await upload(api, org_a, HEADER + GOOD)
    r = await api.get(f"/v1/revenue/imports/{first.json()['id']}", headers=org_b.headers)
    assert r.status_code == 404


async def test_an_upload_over_the_limit_is_refused(app_factory, api, org_a, roster):
    small = await app_factory(max_revenue_import_bytes=len(HEADER + GOOD) - 1)
    r = await upload(small, org_a, HEADER + GOOD)
    assert r.status_code == 413 and r.json()["code"] == "body_too_large", r.text

    async def chunked():  # no Content-Length: refused while streaming
        yield (HEADER + GOOD).encode()

    r = await small.post(
        "/v1/revenue/imports",
        content=chunked(),
        headers={**org_a.headers, "Content-Type": "text/csv"},
    )
    assert r.status_code == 413 and r.json()["code"] == "body_too_large", r.text


async def test_a_statement_with_unknown_or_missing_columns_names_them(api, org_a, roster):
    r = await upload(api, org_a, "period,artist,amount,currency,email\n2025-01,Aurora,1,USD,x\n")
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["code"] == "invalid_csv_header" and problem["param"] == "file"
    assert problem["unknown"] == ["email"]
    assert problem["missing"] == ["source", "territory"]
    assert problem["allowed"] == ["period", "artist", "source", "territory", "amount",
                                  "currency", "reference"]  # fmt: skip
