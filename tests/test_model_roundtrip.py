"""One model, three serialisations: JSON, Parquet and the store's tables agree with ``Document``."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import readout
from readout.model import Document

SEED = ROOT / "examples" / "2019-09-theme-education-roundup.txt"
PIECES = ["2019年9月9日，", "天津市委书记李鸿忠", "主持召开", "“不忘初心、牢记使命”主题教育", "部署会议。", "他强调，",
          "要做到“两个维护”，", "省长王清宪出席。", "\n", "昨天，", "四川成都", "国务院总理李强在京会见", "。"]
# Parquet columns the store holds another way: keys inside one partition instead of row ids, nested lists,
# the raw bytes (table document_raw) and a section's text (view sections_text derives it from documents.text)
PARQUET_ONLY = {"documents": {"raw", "seq"}, "sections": {"text"}, "events": {"officials"}, "document_officials": {"seq"},
                "official_mentions": {"official_seq", "seq"}, "statements": {"seq"}, "formulations": {"seq"},
                "region_mentions": {"seq"}, "date_mentions": {"seq"}, "rejected": {"source", "code", "message"}}


def _roundtrip_json(doc: Document) -> Document:
    return Document.from_dict(json.loads(json.dumps(doc.to_dict(), ensure_ascii=False)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25), st.sampled_from([None, "2019-09-10"]))
def test_model_roundtrip_json(pieces: list[str], pub_date: str | None) -> None:
    doc = readout.read("标题\n" + "".join(pieces), pub_date=pub_date)
    assert _roundtrip_json(doc) == doc


def test_model_roundtrip_json_seed() -> None:
    (doc,) = readout.read_file(SEED)
    back = _roundtrip_json(doc)
    assert back == doc and back.to_dict() == doc.to_dict()
    assert back.events and back.officials and back.formulations  # a real document, not an empty one


def test_model_roundtrip_parquet(tmp_path: Path) -> None:
    from readout.scale.dask_engine import document_rows, read_parquet_documents, write_partition

    docs = readout.read_file(SEED) + [readout.read("标题\n" + "".join(PIECES), pub_date="2019-09-10")]
    rows: defaultdict[str, list] = defaultdict(list)
    for i, d in enumerate(docs):
        document_rows(d, b"raw", i, rows)
    write_partition(rows, tmp_path, 0)
    back = [item[0] for item in read_parquet_documents(tmp_path) if isinstance(item, tuple)]
    assert back == docs


def test_model_parquet_tables_and_columns_are_the_stores(tmp_path: Path) -> None:
    from readout.scale.dask_engine import SCHEMAS
    from readout.store import Store

    db = tmp_path / "s.db"
    with Store.open(db):
        pass
    conn = sqlite3.connect(db)
    for table, columns in SCHEMAS.items():
        if table == "rejected":
            continue
        stored = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        assert stored, f"Parquet table {table} has no SQLite table of that name"
        extra = set(columns) - stored - PARQUET_ONLY.get(table, set())
        assert not extra, f"{table}: Parquet columns {extra} are not the store's"


def _keys(x: object, out: set[str]) -> set[str]:
    if isinstance(x, dict):
        for k, v in x.items():
            out.add(k)
            _keys(v, out)
    elif isinstance(x, list):
        for v in x:
            _keys(v, out)
    return out


def test_model_every_json_key_is_documented_in_format_md() -> None:
    import re

    (doc,) = readout.read_file(SEED)
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    keys = _keys(doc.to_dict(), set()) | {f for f in Document.__dataclass_fields__}
    missing = sorted(k for k in keys if not re.search(rf"[`{{ ]{re.escape(k)}[`}},]", text))
    assert not missing, f"docs/format.md does not describe {missing}"
