"""The sandbox twin of an organization (test-mode keys): its reset, the demo label it can be
seeded with, and the e-mail it captures instead of sending."""
