"""Pool ingest (worker processes + one batched writer) gives the same store as the serial ingest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from readout.cli import main
from readout.pipeline import document_id
from readout.scale import ingest_parallel
from readout.store import ingest

SEED = Path(__file__).resolve().parents[1] / "examples" / "2019-09-theme-education-roundup.txt"
TABLES = ["documents", "sections", "events", "official_mentions", "official_posts", "event_officials", "statements",
          "formulations", "region_mentions", "date_mentions", "document_officials", "officials", "rejected"]


def _name(i: int) -> str:
    """Report i's file name, dated a month after report i-1's: the same text on another month is another story."""
    return f"r{i}_2019{1 + i:02d}01.txt"


def _corpus(tmp: Path) -> Path:
    """Distinct stories (a different paragraph appended to each, a month apart), a repeat, an empty file and bad JSON."""
    src = tmp / "in"
    src.mkdir()
    for i in range(6):
        (src / _name(i)).write_bytes(SEED.read_bytes() + f"<div>天津市委书记李鸿忠在第{i}次会议上讲话。</div>".encode())
    (src / _name(0).replace(".txt", "-copy.txt")).write_bytes((src / _name(0)).read_bytes())
    (src / "empty.txt").write_bytes(b"")
    (src / "bad.json").write_text('{"title": "x", "text": ', "utf-8")
    return src


def _rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        out = {}
        for t in TABLES:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")
                    if r[1] not in ("ingested_at", "rejected_at", "id", "doc_no", "mention_id", "event_id",
                                    "section_id", "official_id")]
            if t == "documents":
                cols.append("id")
            out[t] = sorted(conn.execute(f"SELECT {', '.join(map(repr, cols))} FROM {t}").fetchall(), key=repr)
        return out
    finally:
        conn.close()


def test_pool_ingest_equals_serial_ingest(tmp_path):
    src = _corpus(tmp_path)
    serial = ingest([src], tmp_path / "serial.db")
    rep = ingest_parallel([src], tmp_path / "pool.db", workers=2, chunk_docs=2)
    assert (rep.stored, rep.skipped, rep.rejected) == (serial.added, serial.skipped, serial.rejected)
    assert rep.stored == 6 and rep.skipped == 1
    assert rep.rejected_by_code == {"E002": 1, "E006": 1}
    assert rep.read == 9
    a, b = _rows(tmp_path / "serial.db"), _rows(tmp_path / "pool.db")
    for t in TABLES:
        assert a[t] == b[t], t
    assert len(b["formulations"]) > 0 and len(b["events"]) > 0


def test_every_document_stored_once_and_rerun_skips(tmp_path):
    src = _corpus(tmp_path)
    db = tmp_path / "p.db"
    ingest_parallel([src, src / _name(1)], db, workers=2, chunk_docs=3)
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
    assert len(ids) == len(set(ids)) == 6
    assert set(ids) == {document_id((src / _name(i)).read_bytes()) for i in range(6)}
    assert conn.execute("SELECT n_documents FROM corpus_stats").fetchone()[0] == 6
    assert conn.execute("SELECT count(*) FROM search_grams_docsize").fetchone()[0] == 6
    assert sorted(r[0] for r in conn.execute("SELECT code FROM rejected")) == ["E002", "E006"]
    conn.close()
    again = ingest_parallel([src], db, workers=2)
    assert (again.stored, again.skipped) == (0, 7)


def test_cli_reports_summary_with_rejections(tmp_path):
    src = _corpus(tmp_path)
    r = CliRunner().invoke(main, ["ingest", str(src), "--db", str(tmp_path / "c.db"), "--workers", "2"])
    assert r.exit_code == 0, r.output
    assert "added 6, already stored 1, rejected 2" in r.output
    assert "E002" in r.output and "E006" in r.output


def test_label_files_are_one_rejection_each(tmp_path):
    """A JSONL file whose records have no text (gold labels, an index) is skipped as a whole, once."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "report.txt").write_bytes(SEED.read_bytes())
    (src / "gold.jsonl").write_text("\n".join(f'{{"id": "r{i}", "events": []}}' for i in range(50)), "utf-8")
    (src / "feed.jsonl").write_text('{"title": "甲", "text": "天津召开会议。"}\n{"title": "乙"}\n', "utf-8")
    rep = ingest_parallel([src], tmp_path / "l.db", workers=1)
    assert rep.stored == 2  # report.txt and feed.jsonl's first record
    assert rep.rejected_by_code == {"E011": 1, "E012": 1}  # gold.jsonl once; feed.jsonl's record without text
    conn = sqlite3.connect(tmp_path / "l.db")
    (msg,) = conn.execute("SELECT message FROM rejected WHERE code = 'E011'").fetchone()
    assert "50 JSON records" in msg


def _indexes(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    finally:
        conn.close()


def test_deferred_indexes_same_rows_and_rebuilt(tmp_path):
    src = _corpus(tmp_path)
    serial = tmp_path / "serial.db"
    ingest([src], serial)
    rep = ingest_parallel([src], tmp_path / "bulk.db", workers=2, chunk_docs=2, batch_docs=3, defer_indexes=True)
    assert rep.stored == 6 and rep.index_seconds > 0
    a, b = _rows(serial), _rows(tmp_path / "bulk.db")
    for t in TABLES:
        assert a[t] == b[t], t
    assert _indexes(tmp_path / "bulk.db") == _indexes(serial)
    assert {"formulations_value", "sections_document"} <= _indexes(serial)


def test_interrupted_bulk_load_gets_its_indexes_back(tmp_path):
    from readout.store import Store
    from readout.store.schema import drop_bulk_indexes

    db = tmp_path / "k.db"
    ingest([SEED], db)
    before = _indexes(db)
    conn = sqlite3.connect(db, isolation_level=None)
    dropped = drop_bulk_indexes(conn)  # what a bulk load does first; then imagine a SIGKILL
    conn.close()
    assert "formulations_document" in dropped and "documents_source" not in dropped
    assert _indexes(db) == before - set(dropped)
    Store.open(db).close()
    assert _indexes(db) == before
    assert sqlite3.connect(db).execute("SELECT count(*) FROM deferred_indexes").fetchone()[0] == 0
