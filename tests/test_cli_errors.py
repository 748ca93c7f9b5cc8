"""Bad invocations: each exits non-zero with one line naming the problem, and no traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SEED = str(ROOT / "examples" / "2019-09-theme-education-roundup.txt")


def _store(tmp: Path) -> str:
    db = tmp / "ok.db"
    if not db.exists():
        _run(["ingest", SEED, "--db", str(db), "--workers", "1", "-q"], tmp)
    return str(db)


def _run(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "readout", *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, timeout=120)


# (arguments, a word the message must contain); {db} is a real store, {missing} a path that does not exist,
# {junk} a file that is not a database, {trunc} a store cut in half, {empty} an empty file, {foreign} another
# application's SQLite file, {nodir} a store path in a missing folder, {fresh} a store that must not be created
BAD = [
    (["search", "", "--db", "{db}"], "empty query"),
    (["search", "x", "--db", "{missing}"], "no such database"),
    (["search", "x", "--db", "{junk}"], "not a usable readout store"),
    (["search", "x", "--db", "{db}", "--limit", "-1"], "--limit"),
    (["search", "x", "--db", "{db}", "--limit", "abc"], "--limit"),
    (["search", "x", "--db", "{db}", "--context", "-5"], "--context"),
    (["search", "x", "--db", "{db}", "--from", "2019/09/01"], "--from"),
    (["search", "x", "--db", "{db}", "--to", "2019-13-01"], "--to"),
    (["search", "--db", "{db}"], "QUERY"),
    (["export", "--db", "{db}"], "--out"),
    (["export", "--db", "{missing}", "--out", "o"], "no such database"),
    (["export", "--db", "{db}", "--out", "o", "--format", "xml"], "--format"),
    (["formulations", "--db", "{missing}"], "no such database"),
    (["formulations", "--db", "{junk}"], "not a usable readout store"),
    (["roster", "--db", "{missing}"], "no such database"),
    (["timeline", "--db", "{missing}"], "no such database"),
    (["timeline", "--db", "{db}", "--from", "yesterday"], "--from"),
    (["reuse", "--db", "{missing}"], "no such database"),
    (["reuse", "--db", "{junk}"], "not a usable readout store"),
    (["serve", "{missing}"], "no such database"),
    (["serve", "{db}", "--port", "99999"], "--port"),
    (["read"], "PATHS"),
    (["read", "{missing}"], "file not found"),
    (["read", SEED, "--format", "xml"], "--format"),
    (["read", SEED, "--pub-date", "2019-02-30"], "--pub-date"),
    (["ingest", "--db", "{db}"], "PATHS"),
    (["ingest", SEED, "--db", "{db}", "--workers", "0"], "--workers"),
    (["ingest", SEED, "--db", "{db}", "--engine", "spark"], "--engine"),
    (["ingest", SEED, "--db", "{db}", "--pub-date", "9/9"], "--pub-date"),
    (["load", "{missing}"], "PARQUET_DIR"),
    (["eval", "{missing}", "."], "GOLD"),
    (["eval"], "E501"),
    (["eval", "--xwlb", "{cwd}"], "archive"),
    (["nosuchcommand"], "No such command"),
    (["search", "x", "--db", "{db}", "--bogus"], "--bogus"),
    # the probe list of issue 14: bad stores, out-of-range numbers, undecodable text
    (["search", "x", "--db", "{trunc}"], "not a usable readout store"),
    (["search", "x", "--db", "{empty}"], "not a usable readout store"),
    (["search", "x", "--db", "{foreign}"], "another application"),
    (["export", "--db", "{trunc}", "--out", "o"], "not a usable readout store"),
    (["roster", "--db", "{foreign}"], "another application"),
    (["timeline", "--db", "{empty}"], "not a usable readout store"),
    (["formulations", "--db", "{trunc}"], "not a usable readout store"),
    (["serve", "{trunc}"], "not a usable readout store"),
    (["serve", "{foreign}"], "another application"),
    (["serve", "{junk}"], "not a usable readout store"),
    (["ingest", SEED, "--db", "{foreign}"], "another application"),
    (["ingest", SEED, "--db", "{junk}"], "not a usable readout store"),
    (["ingest", SEED, "--db", "{nodir}"], "cannot write the store"),
    (["ingest", "{missing}", "--db", "{fresh}"], "file not found"),
    (["search", "x", "--db", "{db}", "--limit", "99999999999999999999"], "--limit"),
    (["search", "x", "--db", "{db}", "--context", "1000000000"], "--context"),
    (["search", "\udcff\udcfe", "--db", "{db}"], "not valid text"),
    (["reuse", "--db", "{db}", "--n", "0"], "--n"),
    (["reuse", "--db", "{db}", "--max-passages", "99999999999999999999"], "--max-passages"),
    (["ingest", SEED, "--db", "{fresh}", "--max-bytes", "0"], "--max-bytes"),
    (["ingest", SEED, "--db", "{fresh}", "--workers", "99999999999999999999"], "--workers"),
    (["read", SEED, "--max-chars", "-1"], "--max-chars"),
    (["events", "--db", "{db}", "--limit", "99999999999999999999"], "--limit"),
    (["reuse", "--db", "{db}", "--family", "99999999999999999999"], "--family"),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("cli")
    junk = tmp / "junk.db"
    junk.write_bytes(b"this is not a database at all\n" * 100)
    db = _store(tmp)
    trunc = tmp / "trunc.db"
    data = Path(db).read_bytes()
    trunc.write_bytes(data[: len(data) // 2])
    (tmp / "empty.db").write_bytes(b"")
    foreign = sqlite3.connect(tmp / "foreign.db")
    foreign.execute("CREATE TABLE notes(x)")
    foreign.commit()
    foreign.close()
    return {"db": db, "missing": str(tmp / "nope" / "missing.db"), "junk": str(junk), "cwd": str(tmp),
            "trunc": str(trunc), "empty": str(tmp / "empty.db"), "foreign": str(tmp / "foreign.db"),
            "nodir": str(tmp / "no" / "such" / "dir" / "x.db"), "fresh": str(tmp / "fresh.db")}


@pytest.mark.parametrize(("args", "word"), BAD, ids=[" ".join(a)[:40] for a, _ in BAD])
def test_cli_errors_bad_invocation_one_line(places: dict[str, str], args: list[str], word: str) -> None:
    argv = [a.format(**places) for a in args]
    res = _run(argv, Path(places["cwd"]))
    err = res.stderr.decode("utf-8", "replace")
    assert res.returncode != 0, (argv, res.stdout[-300:], err)
    assert "Traceback" not in err, err
    assert word.lower() in err.lower(), err
    lines = [line for line in err.splitlines() if line.strip().lower().startswith(("error", "usage", "try"))]
    assert any(line.lower().startswith("error") for line in lines), err
    assert sum(1 for line in err.splitlines() if line.lower().startswith("error")) == 1, err
    assert not Path(places["fresh"]).exists()  # a refused ingest creates no store


def test_cli_errors_probe_list_is_long_enough() -> None:
    assert len(BAD) >= 40


def test_cli_errors_broken_pipe_is_quiet(places: dict[str, str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    p = subprocess.Popen([sys.executable, "-m", "readout", "read", SEED, "--format", "jsonl"] * 1 + [SEED] * 30,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=places["cwd"])
    assert p.stdout is not None
    p.stdout.read(100)
    p.stdout.close()
    _, err = p.communicate(timeout=120)
    assert b"Traceback" not in err, err
    assert p.returncode == 0, err


def test_cli_errors_verbose_shows_the_traceback(places: dict[str, str]) -> None:
    res = _run(["-v", "search", "", "--db", places["db"]], Path(places["cwd"]))
    assert res.returncode != 0 and b"Traceback" in res.stderr and b"E201" in res.stderr
