"""Run Python in a fresh interpreter: Django reads its settings once per process, so a test of
another environment (production mode, missing secrets) starts its own."""

import os
import subprocess
import sys


def run_python(script, data_dir, **env):
    """``script`` under this environment without any ``RECOURS_`` variable or ``DATABASE_URL``,
    with ``RECOURS_DATA_DIR`` set to ``data_dir`` and ``env`` added."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RECOURS_")}
    environ.pop("DATABASE_URL", None)
    environ.update({"RECOURS_DATA_DIR": str(data_dir), **env})
    return subprocess.run(
        [sys.executable, "-c", script], env=environ, capture_output=True, text=True, check=False
    )
