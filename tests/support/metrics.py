"""Reading a Prometheus exposition the way a scraper does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families


def sample_value(exposition: str, name: str, **labels: str) -> float:
    """The sum of the samples ``name`` whose labels include ``labels`` (0 when none)."""
    return sum(
        float(sample.value)
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == name and labels.items() <= sample.labels.items()
    )


def label_values(exposition: str, name: str, label: str) -> set[str]:
    """Every value ``label`` takes among the samples of ``name``."""
    return {
        sample.labels[label]
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == name and label in sample.labels
    }


DASHBOARD = Path(__file__).resolve().parents[2] / "docs" / "grafana" / "auditoryx.json"
_METRIC = re.compile(r"\b((?:auditoryx|temporal)_[a-z0-9_]+)\b")


def dashboard_queries() -> list[str]:
    """Every PromQL expression of the example Grafana dashboard."""
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]


def dashboard_metrics(prefix: str) -> set[str]:
    """The series names (``prefix``…) the dashboard's queries read."""
    return {
        name
        for query in dashboard_queries()
        for name in _METRIC.findall(query)
        if name.startswith(prefix)
    }


def series_names(exposition: str) -> set[str]:
    """The series names of an exposition, as Prometheus stores them (the parser above would
    add ``_total`` to a counter exposed without it, as the Temporal SDK's are)."""
    return {
        re.split(r"[{\s]", line, maxsplit=1)[0]
        for line in exposition.splitlines()
        if line and not line.startswith("#")
    }
