"""Benchmarks (`make bench`). Results are recorded in docs/BENCHMARKS.md."""
