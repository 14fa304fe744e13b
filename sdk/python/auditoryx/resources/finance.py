"""Money: the ledger, budgets, revenue imports, exchange rates, analytics and usage."""

from __future__ import annotations

from auditoryx._resource import C_co, Endpoint, ListEndpoint, Resource
from auditoryx.models import (
    ArtistComparison,
    BookingPipeline,
    BudgetOut,
    BudgetReport,
    CreatorUtilisation,
    Forecast,
    ImportReport,
    LedgerEntryOut,
    RateTable,
    RosterOverview,
    Scenario,
    StatementOut,
    UsageReport,
)


class LedgerEntries(Resource[C_co]):
    list = ListEndpoint[LedgerEntryOut]("/v1/ledger-entries", LedgerEntryOut)
    create = Endpoint[LedgerEntryOut]("POST", "/v1/ledger-entries", LedgerEntryOut)
    retrieve = Endpoint[LedgerEntryOut]("GET", "/v1/ledger-entries/{id}", LedgerEntryOut)


class Budgets(Resource[C_co]):
    list = ListEndpoint[BudgetOut]("/v1/budgets", BudgetOut)
    create = Endpoint[BudgetOut]("POST", "/v1/budgets", BudgetOut)
    retrieve = Endpoint[BudgetOut]("GET", "/v1/budgets/{id}", BudgetOut)
    update = Endpoint[BudgetOut]("PATCH", "/v1/budgets/{id}", BudgetOut)
    delete = Endpoint[None]("DELETE", "/v1/budgets/{id}", None)


class RevenueImports(Resource[C_co]):
    """Distributor statements: ``create(rows=[...])`` or ``create_csv(body=text,
    source_name=...)``; ``mode`` and ``source_name`` travel in the query."""

    list = ListEndpoint[ImportReport]("/v1/revenue/imports", ImportReport)
    create = Endpoint[ImportReport](
        "POST", "/v1/revenue/imports", ImportReport, query=("mode", "source_name")
    )
    create_csv = Endpoint[ImportReport](
        "POST",
        "/v1/revenue/imports",
        ImportReport,
        query=("mode", "source_name"),
        content_type="text/csv",
    )
    retrieve = Endpoint[ImportReport]("GET", "/v1/revenue/imports/{id}", ImportReport)
    delete = Endpoint[None]("DELETE", "/v1/revenue/imports/{id}", None)


class ExchangeRates(Resource[C_co]):
    retrieve = Endpoint[RateTable]("GET", "/v1/exchange-rates", RateTable)
    update = Endpoint[RateTable]("PUT", "/v1/exchange-rates", RateTable)


class Analytics(Resource[C_co]):
    """The dashboard's figures, in the reporting currency."""

    roster = Endpoint[RosterOverview]("GET", "/v1/analytics/roster", RosterOverview)
    artist_comparison = Endpoint[ArtistComparison](
        "GET", "/v1/analytics/artist-comparison", ArtistComparison
    )
    creator_utilisation = Endpoint[CreatorUtilisation](
        "GET", "/v1/analytics/creator-utilisation", CreatorUtilisation
    )
    booking_pipeline = Endpoint[BookingPipeline](
        "GET", "/v1/analytics/booking-pipeline", BookingPipeline
    )
    budgets = Endpoint[BudgetReport]("GET", "/v1/analytics/budgets", BudgetReport)
    forecast = Endpoint[Forecast]("GET", "/v1/analytics/forecast", Forecast)
    budget_scenario = Endpoint[Scenario]("POST", "/v1/analytics/budget-scenarios", Scenario)


class Usage(Resource[C_co]):
    """What the organization used, per day (``retrieve``, or ``csv``) and per month."""

    retrieve = Endpoint[UsageReport]("GET", "/v1/usage", UsageReport)
    csv = Endpoint[str]("GET", "/v1/usage", str, fixed=(("format", "csv"),), accept="text/csv")
    statement = Endpoint[StatementOut]("GET", "/v1/usage/statements/{month}", StatementOut)
    statement_csv = Endpoint[str](
        "GET", "/v1/usage/statements/{month}", str, fixed=(("format", "csv"),), accept="text/csv"
    )
