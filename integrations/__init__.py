"""Third-party adapters. Each knows its provider's SDK and wire format and nothing of Temporal
or FastAPI; callers see them through small protocols (``crm.Crm``, ``accounting.Accounting``),
one error family (``errors``) and a registry by provider name (``registry``)."""
