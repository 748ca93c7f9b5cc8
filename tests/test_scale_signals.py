"""A real `readout ingest` (worker processes, batched writer) killed with SIGKILL at random moments, and
stopped with SIGTERM: the store stays intact, a re-run stores every document exactly once, and no worker
process outlives its parent."""

from __future__ import annotations

import datetime
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED

from readout.pipeline import document_id

N_FILES = 240
# SIGTERM comes once a first batch is committed (after at most 2 s); the rest must outlast the signal's way
# in even on a loaded machine, or the run ends whole and there is nothing to resume
N_TERM_FILES = 1200
KILLS = 20
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and uses PR_SET_PDEATHSIG")


def _corpus(folder: Path, n: int = N_FILES) -> set[str]:
    folder.mkdir()
    seed = SEED.read_bytes()
    for i in range(n):
        # dated a week apart (file names): the same text on other days is another story, not a copy
        day = (datetime.date(2019, 1, 1) + datetime.timedelta(days=7 * i)).strftime("%Y%m%d")
        (folder / f"copy{i:03d}_{day}.txt").write_bytes(seed + f"<div>第{i}号副本。</div>".encode())
    return {document_id(p.read_bytes()) for p in folder.iterdir()}


def _start(src: Path, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # --workers 2 even on one core: the point is worker processes
    return subprocess.Popen([sys.executable, "-m", "readout", "ingest", str(src), "--db", str(db), "--workers", "2",
                             "--quiet"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    out = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _gone(pids: set[int], timeout: float = 10.0) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if _alive(p)}


def _check_store(db: Path) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
        assert len(ids) == len(set(ids))
        # no half-written document: every stored one has its sections
        assert conn.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS "
                            "(SELECT 1 FROM sections s WHERE s.document_id = d.id)").fetchone()[0] == 0
        return n
    except sqlite3.OperationalError as exc:  # killed before the schema existed
        assert "no such table" in str(exc), exc
        return 0
    finally:
        conn.close()


def test_signals_sigkill_at_random_moments_leaves_no_process_and_loses_nothing(tmp_path: Path) -> None:
    expected = _corpus(tmp_path / "in")
    db = tmp_path / "k.db"
    rnd = random.Random(int(os.environ.get("READOUT_KILL_SEED", "14")))
    stored, workers_seen = 0, 0
    for k in range(KILLS):
        proc = _start(tmp_path / "in", db)
        kids: set[int] = set()
        if k % 4:  # most kills come at a random moment once the workers run (a loaded machine may take long to start)
            wait = time.monotonic() + 120
            while time.monotonic() < wait and proc.poll() is None and not kids:
                kids |= _children(proc.pid)
                time.sleep(0.02)
        deadline = time.monotonic() + rnd.uniform(0.3, 4.0)  # every fourth from the start: before, or as they start
        while time.monotonic() < deadline and proc.poll() is None:
            kids |= _children(proc.pid)
            time.sleep(0.02)
        kids |= _children(proc.pid)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        workers_seen += len(kids)
        assert not _gone(kids), "worker processes outlived a killed ingest"
        if db.exists():
            n = _check_store(db)
            assert n >= stored, "a committed batch was lost"
            stored = n
    assert workers_seen, "no worker process was ever started: the kills came too early"
    proc = _start(tmp_path / "in", db)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0 and b"Traceback" not in err, err.decode()[-2000:]
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
    conn.close()
    assert len(ids) == len(set(ids)) and set(ids) == expected


def test_signals_sigterm_stops_cleanly_and_says_how_to_resume(tmp_path: Path) -> None:
    expected = _corpus(tmp_path / "in", N_TERM_FILES)
    db = tmp_path / "t.db"
    proc = _start(tmp_path / "in", db)
    kids: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        kids |= _children(proc.pid)
        if db.exists() and kids:
            try:
                n = sqlite3.connect(db, timeout=5).execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                n = 0
            if n:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest ended before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    text = err.decode()
    assert proc.returncode == 130 and "Traceback" not in text, text[-2000:]
    assert "resume" in text and "interrupted" in text
    assert not _gone(kids)
    stored = _check_store(db)
    assert f"added {stored}," in out.decode()  # what it says was kept is what the store holds
    assert 0 < stored < N_TERM_FILES
    rerun = _start(tmp_path / "in", db)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()[-2000:]
    assert f"already stored {stored}," in out.decode()
    conn = sqlite3.connect(db)
    assert {r[0] for r in conn.execute("SELECT id FROM documents")} == expected
    conn.close()
