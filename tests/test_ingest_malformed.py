"""The malformed corpus (scripts/malformed_corpus.py) through one real `readout ingest`: every bad input a
coded rejection naming it, every good one stored, no traceback, no hang, bounded memory."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from readout.errors import Errors

_spec = importlib.util.spec_from_file_location("malformed_corpus", ROOT / "scripts" / "malformed_corpus.py")
assert _spec and _spec.loader
malformed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(malformed)

# Runs the child and reports the peak resident set of it and its workers (kilobytes).
_PEAK = """
import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], capture_output=True, timeout=900)
sys.stdout.buffer.write(p.stdout)
sys.stderr.buffer.write(p.stderr)
print("peak_rss_kb", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(p.returncode)
"""


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("malformed")
    manifest = malformed.build(out)
    db = out / "corpus" / "store.db"  # inside the folder being read, on purpose
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    argv = [sys.executable, "-m", "readout", "ingest", str(out / "corpus"), *[p for p, _ in manifest["extra"]],
            "--db", str(db), *manifest["args"]]
    res = subprocess.run([sys.executable, "-c", _PEAK, *argv], env=env, capture_output=True, timeout=900)
    conn = sqlite3.connect(db)
    docs = {s: t for s, t in conn.execute("SELECT source, text FROM documents")}
    rejected: dict[str, list[str]] = {}
    for s, code in conn.execute("SELECT source, code FROM rejected"):
        rejected.setdefault(s, []).append(code)
    conn.close()
    expected = {c["source"]: c for c in manifest["cases"]}
    expected.update({p: {"kind": "named on the command line", "source": p, "code": code}
                     for p, code in manifest["extra"]})
    return {"res": res, "docs": docs, "rejected": rejected, "expected": expected, "manifest": manifest,
            "db": str(db)}


def test_malformed_corpus_has_a_hundred_kinds_of_bad_input(ingested: dict) -> None:
    bad = {c["kind"] for c in ingested["expected"].values() if c["code"] != "ok"}
    assert len(bad) >= 100, len(bad)
    assert all(c["code"] == "ok" or c["code"] in Errors.ALL for c in ingested["expected"].values())


def test_malformed_corpus_one_run_no_traceback(ingested: dict) -> None:
    res = ingested["res"]
    err = res.stderr.decode("utf-8", "replace")
    assert res.returncode == 0, err[-2000:]
    assert "Traceback" not in err, err[-3000:]
    peak = int(res.stdout.decode().rsplit("peak_rss_kb", 1)[1])
    assert peak < 1024 * 1024, f"peak RSS {peak / 1024:.0f} MB"


@pytest.mark.parametrize("code", ["ok", "bad"])
def test_malformed_corpus_every_input_has_its_outcome(ingested: dict, code: str) -> None:
    wrong = []
    for source, case in ingested["expected"].items():
        if code == "ok" and case["code"] == "ok" and source not in ingested["docs"]:
            wrong.append((case["kind"], source, ingested["rejected"].get(source)))
        if code == "bad" and case["code"] != "ok" and case["code"] not in ingested["rejected"].get(source, []):
            wrong.append((case["kind"], source, case["code"], ingested["rejected"].get(source)))
    assert not wrong, wrong


def test_malformed_corpus_nothing_else_stored_or_rejected(ingested: dict) -> None:
    expected, db = ingested["expected"], ingested["db"]
    assert set(ingested["docs"]) <= {s for s, c in expected.items() if c["code"] == "ok"}
    containers = tuple(s + "!" for s in expected)
    for source, codes in ingested["rejected"].items():
        assert all(c in Errors.ALL for c in codes), (source, codes)
        if source in expected:
            continue
        if source in (db + "-wal", db + "-shm"):
            assert codes == ["E016"]
            continue
        assert source.startswith(containers), (source, codes)  # the other members of a bad archive


def test_malformed_corpus_symlinks_out_of_the_folder_are_not_followed(ingested: dict) -> None:
    assert not [s for s, text in ingested["docs"].items() if "此文件在语料文件夹之外" in text or "links/to_" in s]
    assert not [s for s in ingested["docs"] if "root:" in ingested["docs"][s]]  # /etc/passwd


def test_malformed_corpus_follow_symlinks_reads_them(tmp_path: Path) -> None:
    from readout.ingest import Limits, iter_records
    from readout.model import Rejected

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").write_text(malformed.story(1), encoding="utf-8")
    (tmp_path / "in").mkdir()
    os.symlink(tmp_path / "out" / "a.txt", tmp_path / "in" / "link.txt")
    refused = list(iter_records([tmp_path / "in"]))
    assert [r.code for r in refused if isinstance(r, Rejected)] == ["E015"]
    followed = list(iter_records([tmp_path / "in"], limits=Limits(follow_symlinks=True)))
    assert [r.source for r in followed if not isinstance(r, Rejected)] == [str(tmp_path / "in" / "link.txt")]


def test_malformed_corpus_manifest_is_json_with_the_limits_it_assumes(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "malformed_corpus.py"), str(tmp_path / "m")],
                         env=env, capture_output=True, timeout=300)
    assert res.returncode == 0, res.stderr
    m = json.loads((tmp_path / "m" / "expected.json").read_text(encoding="utf-8"))
    assert "--max-bytes" in m["args"] and len(m["cases"]) > 100
