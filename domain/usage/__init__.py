"""Usage metering: what each organization (and each API key) used, per UTC day, and the
monthly statement that prices it against the organization's plan."""
