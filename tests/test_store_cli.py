"""The store and analysis commands through click's CliRunner, and the exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from readout.cli import main

SEED = Path(__file__).resolve().parents[1] / "examples" / "2019-09-theme-education-roundup.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "readout.db"
    r = CliRunner().invoke(main, ["ingest", str(SEED), "--db", str(path)])
    assert r.exit_code == 0, r.output
    assert "added 1" in r.output
    return path


def run(*args: str) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, (r.output, r.exception)
    return r.output


def test_ingest_again_is_a_noop(db):
    assert "added 0, already stored 1" in run("ingest", str(SEED), "--db", str(db))


def test_search_kwic_json_csv(db):
    text = run("search", "往深里走", "--db", str(db))
    lines = [ln for ln in text.splitlines() if "【往深里走】" in ln]
    assert len(lines) == 4  # 天津, 吉林, 四川, 青海 (read by hand)
    hits = [json.loads(ln) for ln in run("search", "两个维护", "--db", str(db), "--format", "jsonl").splitlines()]
    assert len(hits) == 3 and all(h["hit"] == "两个维护" and h["document_id"] for h in hits)
    assert {h["region_name"] for h in hits} == {"吉林省", "山东省"}
    rows = list(csv.DictReader(io.StringIO(run("search", "党", "--db", str(db), "--format", "csv", "--limit", "5"))))
    assert len(rows) == 5 and rows[0]["hit"] == "党"
    every = run("search", "党", "--db", str(db), "--format", "jsonl", "--limit", "0").splitlines()
    assert len(every) == seed_count("党")
    only_sc = [json.loads(ln) for ln in run("search", "两个维护", "--db", str(db), "--format", "jsonl", "--region", "37").splitlines()]
    assert [h["region_name"] for h in only_sc] == ["山东省", "山东省"]


def seed_count(q: str) -> int:
    """Occurrences in the seed's clean text (its first line is the title)."""
    import readout

    return readout.read_file(SEED)[0].text.count(q)


def test_search_missing_db(tmp_path):
    r = CliRunner().invoke(main, ["search", "党", "--db", str(tmp_path / "none.db")])
    assert r.exit_code != 0 and "no such database" in r.output


def test_formulations_matrix_with_terms(db):
    out = run("formulations", "--db", str(db), "--matrix", "--term", "两个维护", "--term", "往深里走、往心里走、往实里走",
              "--format", "jsonl")
    cells = {(c["region"], c["formulation"]): c["count"] for c in map(json.loads, out.splitlines())}
    assert cells == {("吉林省", "两个维护"): 1, ("山东省", "两个维护"): 2,
                     ("天津市", "往深里走、往心里走、往实里走"): 1, ("吉林省", "往深里走、往心里走、往实里走"): 1,
                     ("四川省", "往深里走、往心里走、往实里走"): 1, ("青海省", "往深里走、往心里走、往实里走"): 1}
    table = run("formulations", "--db", str(db), "--matrix", "--term", "两个维护")
    assert table.splitlines()[0].split() == ["region", "两个维护"]
    assert len(table.splitlines()) == 11  # header + ten provinces


def test_other_analyses_run(db):
    for args in (["formulations"], ["formulations", "--by", "region", "--format", "csv"], ["formulations", "--density"],
                 ["formulations", "--first", "--format", "jsonl"], ["roster"], ["timeline", "--format", "jsonl"], ["reuse"],
                 ["reuse", "--ratios", "--format", "csv"]):
        run(*args, "--db", str(db))
    passages = [json.loads(ln) for ln in run("reuse", "--db", str(db), "--format", "jsonl").splitlines()]
    assert any("往深里走、往心里走、往实里走" in p["text"] and {p["a_region"], p["b_region"]} == {"天津市", "青海省"}
               for p in passages)
    ratios = list(csv.DictReader(io.StringIO(run("reuse", "--db", str(db), "--ratios", "--format", "csv"))))
    assert sum(r["level"] == "section" for r in ratios) == 10


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export(db, tmp_path, fmt):
    out = tmp_path / fmt
    listed = run("export", "--db", str(db), "--format", fmt, "--out", str(out)).split()
    names = {Path(p).stem for p in listed}
    assert {"documents", "sections", "events", "officials", "official_mentions", "formulations", "rejected",
            "migrations"} <= names
    assert not any(n.startswith("search_") for n in names)
    path = out / f"sections.{fmt}"
    if fmt == "jsonl":
        rows = [json.loads(ln) for ln in path.read_text("utf-8").splitlines()]
    elif fmt == "csv":
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
        raws = pq.read_table(out / "document_raw.parquet").to_pylist()
        assert raws[0]["raw"] == SEED.read_bytes()
    assert len(rows) == 10
    assert {r["region_name"] for r in rows} >= {"天津市", "宁夏回族自治区"}
