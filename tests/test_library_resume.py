"""An import killed with SIGKILL mid-way leaves a consistent library; a re-run
finishes the job with nothing lost and nothing doubled."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import bench_library, tag_link_problems
from ficarchive import Library

ROOT = Path(__file__).resolve().parent.parent


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _state(lib: Library) -> tuple:
    conn = lib.conn
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")
    works = conn.execute("SELECT count(*) FROM works").fetchone()[0]
    shown = conn.execute("SELECT count(*) FROM works w WHERE (SELECT count(*) FROM sources s "
                         "WHERE s.work = w.pk AND s.shown) != 1").fetchone()[0]
    assert shown == 0  # every work shows exactly one of its sources
    assert tag_link_problems(conn) == []
    shas = sorted(sha for (sha,) in conn.execute("SELECT sha FROM sources"))
    return works, shas


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL") or not Path("/proc/self/stat").exists(),
                    reason="needs SIGKILL and /proc")
def test_import_killed_with_sigkill_then_resumed(tmp_path):
    stories = tmp_path / "stories"
    bench_library().write_stories(stories, 150, words=80)

    with Library(tmp_path / "reference.db") as ref:
        report = ref.import_paths([stories], jobs=1)
        assert report.new == 150 and not report.errors
        expected = _state(ref)
        expected_hits = ref.count("said")

    db = tmp_path / "killed.db"
    env = dict(os.environ, FICARCHIVE_LIBRARY=str(db), PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "ficarchive.cli", "import", str(stories), "--jobs", "2",
                             "--batch", "5"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and _count(db) < 20:
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail(f"the import finished before it could be killed (exit {proc.returncode}): "
                    f"{proc.stderr.read().decode(errors='replace')[-2000:]}")
    workers = _children(proc.pid)
    assert workers, "the import started no worker processes"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10  # the workers notice their import is gone and end
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)], "worker processes outlived the killed import"
    partial = _count(db)
    assert 0 < partial < 150

    with Library(db) as lib:
        works, shas = _state(lib)  # consistent as the kill left it
        assert works == len(shas) == partial
        report = lib.import_paths([stories], jobs=2)
        assert report.new == 150 - partial and report.duplicates == partial and not report.errors
        assert _state(lib) == expected
        assert lib.count("said") == expected_hits
