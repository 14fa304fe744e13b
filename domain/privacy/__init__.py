"""Privacy: data exports (an organization's or one person's records) and retention periods."""
