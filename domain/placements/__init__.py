"""Placements: the databases organizations live in, their regions, and the directory that
routes each organization to its own (docs/adr/0035-placements-and-regions.md)."""
