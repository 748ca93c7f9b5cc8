"""The materialised analyses: adding documents updates them to exactly what a full recount gives, a change
among counted documents forces (and reports) a recount, and readers refuse tallies that are behind."""

from __future__ import annotations

import json
import sqlite3

import pytest

from readout.errors import ReadoutError
from readout.store import Store, connect, ingest
from readout.store.tallies import TABLES, stale, update

PROVINCES = ["天津", "吉林", "四川", "江苏", "湖南", "青海"]
FORMS = ["两个维护", "主题教育", "四个意识"]


def _stories(lo: int, hi: int) -> list[dict[str, str]]:
    """Hand-made stories: one province meeting each, some roundups of three, dates over two years."""
    out = []
    for i in range(lo, hi):
        y, m = 2018 + i % 2, 1 + i % 12
        p = PROVINCES[i % len(PROVINCES)]
        body = f"{m}月{1 + i % 27}日，{p}召开会议，强调要做到“{FORMS[i % 3]}”。"
        if i % 2:  # an official, who presides and speaks
            body += f"省委书记{['李鸿忠', '巴音朝鲁', '彭清华'][i % 3]}主持会议并讲话。他指出，要抓好落实。"
        if i % 4 == 0:  # a roundup: three provinces, each in its own paragraph
            body += "".join(f"\n{m}月{2 + k}日，{q}召开推进会，要求落实“{FORMS[k % 3]}”。"
                            for k, q in enumerate(PROVINCES[(i + 1) % 6:(i + 1) % 6 + 3]))
        out.append({"title": f"{p}召开会议（{i}）", "pub_date": f"{y}-{m:02d}-28", "text": f"{p}召开会议（{i}）\n{body}"})
    return out


def _write(path, rows) -> None:  # noqa: ANN001
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _snapshot(db) -> dict[str, list[tuple]]:  # noqa: ANN001
    conn = sqlite3.connect(db)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        conn.close()


def test_incremental_update_equals_a_full_recount(tmp_path) -> None:
    db = tmp_path / "t.db"
    _write(tmp_path / "a" / "a.jsonl", _stories(0, 30))
    _write(tmp_path / "b" / "b.jsonl", _stories(30, 48))
    a = ingest([tmp_path / "a"], db)
    assert a.tallies.recounted == "first count" and a.tallies.documents == a.added >= 20
    b = ingest([tmp_path / "b"], db)
    assert b.tallies.recounted is None and b.tallies.documents == b.added >= 10  # only the new documents were read
    n = a.added + b.added
    incremental = _snapshot(db)
    assert incremental["formulation_cells"] and incremental["formulation_first"] and incremental["roundups"]
    with Store.open(db) as st:
        rep = st.update_tallies(full=True)
    assert rep.recounted == "asked for" and rep.documents == n
    assert _snapshot(db) == incremental
    conn = connect(db, readonly=True)
    counts = dict(conn.execute("SELECT name, n FROM tally_counts"))
    assert counts["documents"] == n == conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert counts["formulations"] == conn.execute("SELECT count(*) FROM formulations").fetchone()[0]
    # Per official: the same counts as the rows themselves.
    direct = {oid: (ev, st, dc) for oid, ev, st, dc in conn.execute(
        "SELECT o.id, (SELECT count(DISTINCT event_id) FROM event_officials WHERE official_id = o.id), "
        "(SELECT count(*) FROM statements WHERE official_id = o.id), "
        "(SELECT count(*) FROM document_officials WHERE official_id = o.id) FROM officials o")}
    tallied = {oid: tuple(r) for oid, *r in conn.execute("SELECT official_id, events, statements, documents "
                                                          "FROM official_counts")}
    assert tallied and tallied == {k: v for k, v in direct.items() if any(v)}
    # Region units: one per (document, region) among the sections; a document without sections is one unit.
    (units,) = conn.execute("SELECT sum(units) FROM unit_months WHERE grouping = 'region'").fetchone()
    assert units == conn.execute(
        "SELECT count(*) FROM (SELECT DISTINCT s.document_id, coalesce(s.region_name, d.region_name) AS r FROM sections s "
        "JOIN documents d ON d.id = s.document_id UNION SELECT d.id, d.region_name FROM documents d WHERE NOT EXISTS "
        "(SELECT 1 FROM sections s WHERE s.document_id = d.id)) WHERE r IS NOT NULL").fetchone()[0]
    conn.close()


def test_a_changed_counted_document_forces_a_recount(tmp_path) -> None:
    db = tmp_path / "t.db"
    _write(tmp_path / "a" / "a.jsonl", _stories(0, 12))
    ingest([tmp_path / "a"], db)
    conn = connect(db)
    conn.execute("PRAGMA foreign_keys=OFF")  # a document removed by hand, rows and all
    did = conn.execute("SELECT id FROM documents WHERE doc_no = 3").fetchone()[0]
    for table in ("formulations", "sections", "events", "statements", "official_mentions", "official_posts",
                  "document_officials", "event_officials", "region_mentions", "date_mentions"):
        conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (did,))
    conn.execute("DELETE FROM document_filters WHERE doc_no = 3")
    conn.execute("DELETE FROM documents WHERE doc_no = 3")
    rep = update(conn)
    left = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert rep.recounted and "removed or replaced" in rep.recounted and rep.documents == left
    assert dict(conn.execute("SELECT name, n FROM tally_counts"))["documents"] == left
    conn.close()


def test_readers_refuse_tallies_that_are_behind(tmp_path) -> None:
    import readout
    from readout.analyze.formulations import formulation_counts

    db = tmp_path / "t.db"
    _write(tmp_path / "a" / "a.jsonl", _stories(0, 6))
    ingest([tmp_path / "a"], db)
    st = Store.open(db)
    st.add(readout.read("北京召开会议\n北京召开会议，强调“两个维护”。", pub_date="2020-01-02", source="x.txt"))
    conn = connect(db, readonly=True)
    assert stale(conn) == 1
    with pytest.raises(ReadoutError) as err:
        formulation_counts(conn)
    assert err.value.code == "E105" and "readout analyze" in err.value.message
    st.close()  # closing the writer brings them up to date
    assert stale(conn) == 0 and formulation_counts(conn)
    conn.close()
