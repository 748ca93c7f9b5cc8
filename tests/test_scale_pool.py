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


def _corpus(tmp: Path) -> Path:
    """Distinct stories (a different paragraph appended to each), a repeat, an empty file and bad JSON."""
    src = tmp / "in"
    src.mkdir()
    for i in range(6):
        (src / f"r{i}.txt").write_bytes(SEED.read_bytes() + f"<div>天津市委书记李鸿忠在第{i}次会议上讲话。</div>".encode())
    (src / "r0-copy.txt").write_bytes((src / "r0.txt").read_bytes())
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
    ingest_parallel([src, src / "r1.txt"], db, workers=2, chunk_docs=3)
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
    assert len(ids) == len(set(ids)) == 6
    assert set(ids) == {document_id((src / f"r{i}.txt").read_bytes()) for i in range(6)}
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
