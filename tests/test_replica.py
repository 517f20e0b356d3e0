import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_it_routes_reads_to_a_replica_and_writes_to_the_primary(tmp_path):
    """Two database aliases need their own settings, so the routing tests run in a process of their own.

    SQLite keeps that process apart from this suite's database, whichever database this run uses.
    """
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    database = f"sqlite:///{tmp_path / 'replica-check.sqlite3'}"
    environment.update(DATABASE_URL=database, DATABASE_REPLICA_URL=database)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-o", "addopts=", "-q", "-p", "no:cacheprovider", "tests/replica_routing.py"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout
