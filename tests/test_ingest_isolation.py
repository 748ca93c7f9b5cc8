"""One bad input never stops a batch: coded errors from the API, rejections in batches, a dead worker, a row
SQLite refuses, a store that is not ours; and every numeric option or parameter range-checked."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED

from readout.errors import ReadoutError

STORY = "某省召开工作会议\n2019年9月9日，某省召开工作会议。省委书记张明出席会议并讲话。会议强调，要推动各项工作落实落地。\n"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "readout", *args], cwd=cwd, env=env, capture_output=True, timeout=300)


@pytest.mark.parametrize(("text", "code"), [
    ("[]", "E011"),
    ("{}", "E011"),
    ("[" * 5000, "E017"),
    ('{"a":' * 100_000, "E017"),
    ("   ", "E002"),
])
def test_isolation_api_raises_only_coded_errors(text: str, code: str) -> None:
    import readout

    with pytest.raises(ReadoutError) as exc:
        readout.read(text)
    assert exc.value.code == code


def test_isolation_lone_surrogates_are_replaced_and_reported() -> None:
    import readout

    doc = readout.read("省委书记\ud800张明出席会议。")
    assert "\ud800" not in doc.text and "\ufffd" in doc.text
    assert [w[-6:] for w in doc.warnings] == ["[W002]"]


def test_isolation_a_few_bad_bytes_are_a_warning_not_a_rejection(tmp_path: Path) -> None:
    import readout

    data = STORY.encode()
    (tmp_path / "ff.txt").write_bytes(data.replace("会议强调".encode(), b"\xff" + "会议强调".encode()))
    (tmp_path / "cut.txt").write_bytes(data + "完".encode()[:2])
    for name in ("ff.txt", "cut.txt"):
        (doc,) = readout.read_file(tmp_path / name)
        assert doc.text.count("\ufffd") == 1 and doc.warnings and "[W001]" in doc.warnings[0], name
    res = _run(["read", str(tmp_path / "ff.txt")], tmp_path)
    assert res.returncode == 0 and b"warning:" in res.stderr and b"W001" in res.stderr


def test_isolation_gbk_is_not_mistaken_for_utf8_with_bad_bytes(tmp_path: Path) -> None:
    from readout.ingest import records_from_bytes

    (rec,) = records_from_bytes(STORY.encode("gbk"), "gbk.txt")
    assert rec.raw_text == STORY and not rec.warnings and rec.encoding in ("gb18030", "gbk", "gb2312")


def test_isolation_read_reports_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.json").write_text("[" * 100_000, encoding="utf-8")
    (tmp_path / "c.txt").write_text(STORY.replace("张明", "李华"), encoding="utf-8")
    res = _run(["read", str(tmp_path / "a.txt"), str(tmp_path / "b.json"), str(tmp_path / "c.txt"), "--format",
                "jsonl"], tmp_path)
    err = res.stderr.decode()
    assert res.returncode == 1 and "Traceback" not in err
    assert err.count("error:") == 1 and "E017" in err
    assert len(res.stdout.decode().splitlines()) == 2


def _crash_on_marker(records: list) -> list:  # noqa: ANN001
    """A build function for the pool test: the worker process dies on a record whose text says so."""
    from readout.scale.pool import build_chunk

    if any("KILL-THE-WORKER" in r.raw_text for r in records):
        os._exit(3)
    return build_chunk(records)


def test_isolation_a_dying_worker_costs_only_its_record(tmp_path: Path) -> None:
    from readout.ingest import iter_records
    from readout.model import Document, Rejected
    from readout.scale.pool import _Workers

    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(STORY.replace("张明", f"张明{i}") + ("KILL-THE-WORKER" if i == 2 else ""),
                                           encoding="utf-8")
    recs = list(iter_records([tmp_path]))
    pool = _Workers(2, _crash_on_marker)
    try:
        tickets = [(chunk, pool.submit(chunk)) for chunk in (recs[:3], recs[3:])]
        out = [x for chunk, t in tickets for x in pool.result(t, chunk)]
    finally:
        pool.close(wait=True)
    assert [type(x).__name__ for x in out] == ["Document"] * 2 + ["Rejected"] + ["Document"] * 3
    (dead,) = [x for x in out if isinstance(x, Rejected)]
    assert dead.code == "E024" and dead.source.endswith("2.txt")
    assert all(isinstance(x, Document) for x in out if x is not dead)


def test_isolation_a_row_sqlite_refuses_is_one_rejection(tmp_path: Path) -> None:
    import readout
    from readout.scale.writer import IngestSummary, write_batch
    from readout.store import Store

    good = readout.read(STORY)
    bad = readout.read(STORY.replace("张明", "王强"))
    bad.source = "bad\ud800.txt"  # what no SQLite text can hold
    summary = IngestSummary()
    with Store.open(tmp_path / "s.db") as store:
        write_batch(store, [(good, b"a"), (bad, b"b")], summary)
        assert store.count() == 1
        rows = store.conn.execute("SELECT source, code FROM rejected").fetchall()
    assert summary.stored == 1 and summary.rejected_by_code == {"E023": 1} and rows[0][1] == "E023"


def test_isolation_a_foreign_sqlite_file_is_left_untouched(tmp_path: Path) -> None:
    from readout.store import Store

    f = tmp_path / "other.db"
    conn = sqlite3.connect(f)
    conn.execute("CREATE TABLE notes(x)")
    conn.commit()
    conn.close()
    before = f.read_bytes()
    with pytest.raises(ReadoutError) as exc:
        Store.open(f)
    assert exc.value.code == "E104" and f.read_bytes() == before
    res = _run(["ingest", str(SEED), "--db", str(f)], tmp_path)
    assert res.returncode == 1 and b"E104" in res.stderr and f.read_bytes() == before
    assert sqlite3.connect(f).execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]


def test_isolation_a_store_is_stamped_and_an_old_one_accepted(tmp_path: Path) -> None:
    from readout.store import APPLICATION_ID, Store

    with Store.open(tmp_path / "s.db") as store:
        assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        store.conn.execute("PRAGMA application_id = 0")  # as stores made before the stamp
    with Store.open(tmp_path / "s.db") as store:
        assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_isolation_ingest_of_a_missing_path_creates_nothing(tmp_path: Path) -> None:
    res = _run(["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "new.db")], tmp_path)
    assert res.returncode == 1 and b"E001" in res.stderr and not (tmp_path / "new.db").exists()


def test_isolation_workers_are_capped_at_the_cores(tmp_path: Path) -> None:
    from readout.scale.pool import cap_workers, default_workers

    assert cap_workers(10_000) == default_workers() and cap_workers(None) == default_workers()
    assert cap_workers(1) == 1


def test_isolation_web_parameters_are_range_checked(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from readout.store import ingest
    from readout.web.app import create_app

    ingest([SEED], tmp_path / "w.db")
    with TestClient(create_app(tmp_path / "w.db")) as client:
        for url in ("/search.json?q=会议&limit=99999999999999999999", "/search.json?q=会议&limit=-1",
                    "/search.json?q=会议&limit=abc", "/echo.json?top=1e9", "/reuse.json?family=99999999999999999999",
                    "/reuse.json?page=0", "/search.json?q=会议&limit=１２", "/events.json?after=2019-01-01.99999999999999999999"):
            r = client.get(url)
            assert r.status_code == 400, (url, r.status_code, r.text[:200])
        assert client.get("/search.json?q=会议&limit=5").status_code == 200


def test_isolation_an_unreadable_folder_is_a_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readout.ingest import iter_records
    from readout.model import Rejected

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(STORY.replace("张明", "李华"), encoding="utf-8")
    real = os.scandir

    def scandir(path):  # noqa: ANN001, ANN202 - root reads a chmod 000 folder, so refuse it here
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_records([tmp_path]))
    assert [(Path(x.source).name, x.code) for x in items if isinstance(x, Rejected)] == [("locked", "E025")]
    assert [Path(x.source).name for x in items if not isinstance(x, Rejected)] == ["a.txt"]


def test_isolation_a_store_that_cannot_be_written_is_one_coded_error(tmp_path: Path) -> None:
    from readout.store import Store

    for path in (tmp_path, tmp_path / "no" / "folder" / "x.db"):
        with pytest.raises(ReadoutError) as exc:
            Store.open(path)
        assert exc.value.code == "E103"


def test_isolation_ingest_counts_documents_read_with_warnings(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ff.txt").write_bytes(STORY.encode().replace("会议强调".encode(), b"\xff" + "会议强调".encode()))
    res = _run(["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "w.db"), "-j", "1"], tmp_path)
    err = res.stderr.decode()
    assert res.returncode == 0 and "read with warnings 1" in err and "W001             1" in err, err
