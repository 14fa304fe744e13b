"""Onboard a roster from a CSV export: check it first (dry run), then upsert it.

    AUDITORYX_API_KEY=ax_live_… python onboard_roster.py roster.csv

Rows are matched on ``external_ref``, so running it again updates instead of duplicating.
"""

from __future__ import annotations

import sys
from pathlib import Path

from auditoryx import Client
from auditoryx.models import BulkResultOut

SAMPLE = (
    "name,genres,status,external_ref\n"
    "Nova Reyes,pop;r&b,active,crm-1\n"
    "The Lanterns,indie,active,crm-2\n"
    "Kai,electronic,active,crm-3\n"
)


def onboard(client: Client, csv_text: str) -> BulkResultOut:
    """Upsert the artists of ``csv_text``, or nothing if any row is invalid."""
    check = client.artists.bulk_csv(body=csv_text, dry_run=True)
    bad = [row for row in check.rows if row.errors]
    if bad:
        for row in bad:
            print(f"line {row.line}: {row.errors}", file=sys.stderr)
        return check
    return client.artists.bulk_csv(body=csv_text)


def main(argv: list[str]) -> int:
    csv_text = Path(argv[1]).read_text() if len(argv) > 1 else SAMPLE
    with Client() as client:
        result = onboard(client, csv_text)
        print(result.summary)
        for artist in client.artists.list(limit=100):
            print(f"{artist.id}  {artist.name}  {', '.join(artist.genres)}")
    return 1 if result.summary.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
