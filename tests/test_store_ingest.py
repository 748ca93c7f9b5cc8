"""The store on a real SQLite file: idempotent ingest, versions, atomic documents, killed ingest, Datasette."""

from __future__ import annotations

import datetime
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readout.model import Document, Rejected
from readout.pipeline import document_id, read_file
from readout.store import Store, connect, ingest
from readout.store.schema import MIGRATIONS

SEED = Path(__file__).resolve().parents[1] / "examples" / "2019-09-theme-education-roundup.txt"
CHILD_TABLES = ["sections", "events", "official_mentions", "official_posts", "event_officials", "statements",
                "formulations", "region_mentions", "date_mentions", "document_officials"]
SPAN_TABLES = ["events", "official_mentions", "official_posts", "event_officials", "statements",
               "formulations", "region_mentions", "date_mentions"]


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ["documents", *CHILD_TABLES]}
    finally:
        conn.close()


def test_reingest_same_bytes_is_a_noop(tmp_path):
    db = tmp_path / "r.db"
    first = ingest([SEED], db)
    assert (first.added, first.skipped) == (1, 0)
    before = counts(db)
    assert before["sections"] >= 1 and before["formulations"] >= 1
    again = ingest([SEED], db)
    assert (again.added, again.skipped) == (0, 1)
    assert counts(db) == before
    conn = connect(db)
    (did,) = conn.execute("SELECT id FROM documents").fetchone()
    assert did == document_id(SEED.read_bytes())
    assert conn.execute("SELECT raw FROM document_raw").fetchone()[0] == SEED.read_bytes()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_changed_file_is_a_new_version(tmp_path):
    src = tmp_path / "report.txt"
    src.write_bytes(SEED.read_bytes())
    db = tmp_path / "v.db"
    ingest([src], db)
    src.write_bytes(SEED.read_bytes() + "<div>补充一段。</div>".encode())
    rep = ingest([src], db)
    assert rep.added == 1
    conn = connect(db)
    rows = conn.execute("SELECT id, version, supersedes FROM documents ORDER BY version").fetchall()
    assert len(rows) == 2
    (id1, v1, sup1), (id2, v2, sup2) = rows
    assert (v1, sup1) == (1, None)
    assert (v2, sup2) == (2, id1)
    assert id2 == document_id(src.read_bytes())
    assert conn.execute("SELECT id FROM documents_current").fetchall() == [(id2,)]


def test_migrations_are_recorded_and_rerunnable(tmp_path):
    db = tmp_path / "m.db"
    for _ in range(3):
        Store.open(db).close()
    conn = connect(db)
    assert [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")] == [n for n, _ in MIGRATIONS]


def test_every_span_row_points_into_its_document(tmp_path):
    db = tmp_path / "s.db"
    ingest([SEED], db)
    conn = connect(db)
    for t in SPAN_TABLES:
        bad = conn.execute(
            f'SELECT count(*) FROM {t} x JOIN documents d ON d.id = x.document_id '
            f'WHERE substr(d.text, x.start + 1, x."end" - x.start) != x.text'
        ).fetchone()[0]
        assert bad == 0, t
    # Sections store spans only; the sections_text view gives back the model's section texts.
    doc = read_file(SEED)[0]
    assert [r[0] for r in conn.execute("SELECT text FROM sections_text ORDER BY start")] == \
        [s.text for s in sorted(doc.sections, key=lambda s: s.start)]
    # Child rows with a section lie inside it.
    for t in ["events", "formulations", "official_mentions", "statements"]:
        outside = conn.execute(f'SELECT count(*) FROM {t} x JOIN sections s ON s.id = x.section_id '
                               f'WHERE x.start < s.start OR x.start >= s."end"').fetchone()[0]
        assert outside == 0, t


def test_add_returns_false_for_a_stored_id_and_records_rejects(tmp_path):
    with Store.open(tmp_path / "a.db") as st:
        doc = Document(id="x1", source="a.txt", title="标题", pub_date=None, text="标题\n正文")
        assert st.add(doc) is True
        assert st.add(doc) is False
        st.add_rejected(Rejected("bad.txt", "E002", "file is empty"))
        st.add_rejected(Rejected("bad.txt", "E002", "file is empty"))
        assert st.conn.execute("SELECT source, code FROM rejected").fetchall() == [("bad.txt", "E002")]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    rep = ingest([empty], tmp_path / "a.db")
    assert rep.rejected == 1
    assert connect(tmp_path / "a.db").execute("SELECT count(*) FROM rejected WHERE code = 'E002'").fetchone()[0] == 2


def test_a_failed_insert_leaves_nothing_behind(tmp_path):
    """A document whose rows cannot all be written is rolled back as a whole."""
    from readout.model import Formulation, Section

    with Store.open(tmp_path / "f.db") as st:
        # Formulations are written after sections; a value SQLite cannot bind fails half-way.
        bad = Document(id="bad", source="b.txt", title="t", pub_date=None, text="t\nabc",
                       sections=[Section(2, 5, "abc", None)],
                       formulations=[Formulation(2, 5, "abc", ["not", "bindable"], "lexicon")])
        with pytest.raises(sqlite3.Error):
            st.add(bad)
        assert st.count() == 0
        assert st.conn.execute("SELECT count(*) FROM sections").fetchone()[0] == 0


N_COPIES = 200

_CHILD = """
import sys
from readout.store import ingest
ingest([sys.argv[1]], sys.argv[2])
"""


def test_killed_ingest_resumes_with_every_document_once(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    seed = SEED.read_bytes()
    for i in range(N_COPIES):
        # dated a week apart (file names): the same text on other days is another story, not a copy
        day = (datetime.date(2019, 1, 1) + datetime.timedelta(days=7 * i)).strftime("%Y%m%d")
        (src / f"copy{i:03d}_{day}.txt").write_bytes(seed + f"<div>第{i}号副本。</div>".encode())
    db = tmp_path / "k.db"
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(src), str(db)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    written = 0
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if db.exists():
            try:
                written = sqlite3.connect(db, timeout=5).execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                continue  # schema not created yet
            if written >= 10:
                break
        assert proc.poll() is None, proc.stderr.read().decode()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 10 <= written < N_COPIES, "the child must be killed mid-way"

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert stored < N_COPIES
    # No half-written document: every stored copy has exactly the rows of a complete one.
    per_doc = {}
    for t in CHILD_TABLES:
        for did, n in conn.execute(f"SELECT d.id, count(x.document_id) FROM documents d "
                                   f"LEFT JOIN {t} x ON x.document_id = d.id GROUP BY d.id"):
            per_doc.setdefault(did, []).append(n)
    shapes = {tuple(v) for v in per_doc.values()}
    assert len(shapes) == 1, shapes
    (shape,) = shapes
    assert shape[CHILD_TABLES.index("sections")] >= 1
    n_index = conn.execute("SELECT count(*) FROM search_grams_docsize").fetchone()[0]
    assert n_index == stored
    conn.close()

    rep = ingest([src], db)
    assert rep.skipped == stored and rep.added == N_COPIES - stored
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
    assert len(ids) == len(set(ids)) == N_COPIES
    expected = {document_id(p.read_bytes()) for p in src.iterdir()}
    assert set(ids) == expected
    assert conn.execute("SELECT n_documents FROM corpus_stats").fetchone()[0] == N_COPIES


def test_datasette_opens_the_file(tmp_path):
    import asyncio

    from datasette.app import Datasette

    db = tmp_path / "ds.db"
    ingest([SEED], db)

    async def run():  # noqa: ANN202
        ds = Datasette([str(db)])
        tables = await ds.client.get("/ds.json")
        rows = await ds.client.get("/ds/events_with_leaders.json?_shape=array")
        hits = await ds.client.get("/ds/formulation_hits.json?_shape=array&value=两个维护")
        return tables, rows, hits

    tables, rows, hits = asyncio.run(run())
    assert tables.status_code == 200
    names = {t["name"] for t in tables.json()["tables"]}
    assert {"documents", "sections", "events", "officials", "formulations"} <= names
    assert rows.status_code == 200
    leaders = {r["leader"] for r in rows.json()}
    assert "李鸿忠" in leaders
    assert hits.status_code == 200
    assert {h["region_name"] for h in hits.json()} == {"吉林省", "山东省"}
    assert all(json.dumps(h, ensure_ascii=False) for h in hits.json())


def test_migration_0010_moves_raw_and_derives_section_text(tmp_path):
    """A store written before 0010 (raw in documents, text in sections) keeps both after migrating."""
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    from readout.store.schema import _statements

    for name, sql in MIGRATIONS:
        if name.startswith("0010"):
            break
        for stmt in _statements(sql):
            conn.execute(stmt)
        conn.execute("INSERT INTO migrations VALUES (?, '2026-01-01')", (name,))
    text = "标题\n天津市召开会议。"
    conn.execute("INSERT INTO documents(doc_no, id, title, n_chars, ingested_at, text, raw) "
                 "VALUES (1, 'abc', '标题', ?, 'now', ?, ?)", (len(text), text, b"raw bytes"))
    conn.execute('INSERT INTO sections(id, document_id, seq, start, "end", text) VALUES (1, \'abc\', 0, 3, 11, ?)',
                 (text[3:11],))
    conn.close()
    Store.open(db).close()
    conn = connect(db)
    assert conn.execute("SELECT raw FROM document_raw WHERE doc_no = 1").fetchone() == (b"raw bytes",)
    assert "raw" not in {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    assert "text" not in {r[1] for r in conn.execute("PRAGMA table_info(sections)")}
    assert conn.execute("SELECT text FROM sections_text WHERE id = 1").fetchone() == ("天津市召开会议。",)


def test_post_status_is_stored_and_seen(tmp_path):
    src = tmp_path / "notice.txt"
    src.write_text("任免通知\n2014年6月30日，原省长张三出席会议。省委书记李四主持会议。\n", encoding="utf-8")
    db = tmp_path / "s.db"
    ingest([src], db)
    conn = sqlite3.connect(db)
    rows = dict(conn.execute("SELECT value, status FROM official_posts").fetchall())
    assert rows == {"省长": "former", "省委书记": "current"}
    seen = dict(conn.execute("SELECT post, status FROM official_posts_seen").fetchall())
    assert seen == rows
