"""Free text a person types into a workflow message (an approval comment, a cancel reason),
kept in PostgreSQL and named by id in the message (docs/adr/0034-erasure-and-the-audit-chain.md)."""
