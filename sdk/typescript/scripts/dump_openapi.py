"""Print the API's OpenAPI document as JSON, exactly as a running API serves /openapi.json.

The document is built from the routes alone: nothing connects to PostgreSQL or Temporal.
Run from the repository root (``npm run generate`` in sdk/typescript does).
"""

from __future__ import annotations

import json
import sys

from api.app import create_app
from core.config import Settings


def main() -> None:
    app = create_app(Settings(environment="test"))
    json.dump(app.openapi(), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
