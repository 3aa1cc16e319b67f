"""Test-wide set-up that must happen before Django reads its settings."""

import os
import tempfile

# Tests never touch a developer's ./var: they get a data folder of their own.
os.environ["RECOURS_DATA_DIR"] = tempfile.mkdtemp(prefix="recours-test-")
# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
