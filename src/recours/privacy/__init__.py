"""The person's own data (export) and the retention policy (purge)."""
