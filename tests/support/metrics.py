"""Reading a Prometheus exposition the way a scraper does."""

from __future__ import annotations

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
