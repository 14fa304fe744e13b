"""Helpers shared by tests: API calls that set up a scenario, and fixtures data."""
