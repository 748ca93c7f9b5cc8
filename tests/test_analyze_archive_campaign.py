"""``readout campaign`` on a real archive month: 新闻联播, September 2019 (the second batch of 主题教育).

Needs a local copy of github.com/china-data/xwlb (``READOUT_XWLB``; the archive is never
committed). Asserts what the month reports, read by hand from its day files: the central
deployment meeting of 2019-09-06/07 (王沪宁), and regional events naming the campaign;
every row's link marks its sentence in the story that holds the term.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from readout.analyze.campaigns import campaign

ARCHIVE = os.environ.get("READOUT_XWLB")
MONTH = Path(ARCHIVE or "/nonexistent") / "assets" / "2019"


@pytest.fixture(scope="module")
def month_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ARCHIVE or not MONTH.is_dir():
        pytest.skip("set READOUT_XWLB to a local copy of github.com/china-data/xwlb to read a real archive month")
    from readout.scale import ingest_parallel

    db = tmp_path_factory.mktemp("xwlb") / "201909.db"
    rep = ingest_parallel(sorted(MONTH.glob("201909*.json")), db, workers=1)
    assert rep.stored > 400  # about 555 stories with text
    return db


@pytest.mark.parametrize("term", ["不忘初心、牢记使命", "主题教育"])
def test_campaign_archive_month(month_db: Path, term: str) -> None:
    c = campaign(month_db, term)
    assert c.documents >= 10  # the month names the campaign in well over ten stories
    assert c.launch_from == "central event" and c.launch_row is not None
    assert c.launch_row.leader == "王沪宁" and c.launch_row.date in ("2019-09-06", "2019-09-07")
    assert c.rows and all(r.date >= c.launch_row.date for r in c.rows if r.match != "section")
    conn = sqlite3.connect(month_db)

    def text(did: str) -> str:
        return conn.execute("SELECT text FROM documents WHERE id = ?", (did,)).fetchone()[0]

    try:
        for r in [c.launch_row, *c.rows]:
            t = text(r.document_id)
            assert 0 <= r.start < r.end <= len(t)
            assert r.match == "section" or term in t[r.start:r.end] or (r.meeting and term in r.meeting)
            for e in r.echoes:  # each echo's own story: a region's echoes come from all its stories
                assert text(e.document_id)[e.start:e.end] == e.text
    finally:
        conn.close()
