"""Site-wide protections that are not a Django app: headers, backups, retention, exports."""
