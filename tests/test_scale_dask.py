"""The Dask engine on a real LocalCluster gives the same records as the local path."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from readout.model import Document
from readout.pipeline import read_paths
from readout.scale import load_parquet, read_parquet_documents, run_dask
from readout.store import ingest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def _local(paths: list[Path]) -> list[dict]:
    return [d.to_dict() for d in read_paths(paths) if isinstance(d, Document)]


def _dask(paths: list[Path], out: Path, cluster, partition_bytes: int) -> list[dict]:  # noqa: ANN001
    run_dask(paths, out, cluster, partition_bytes=partition_bytes)
    return [x[0].to_dict() for x in read_parquet_documents(out) if isinstance(x, tuple)]


def test_examples_same_records_and_load(cluster, tmp_path):
    local = _local([EXAMPLES])
    assert local, "examples/ must hold at least one report"
    got = _dask([EXAMPLES], tmp_path / "pq", cluster, 1)
    assert got == local
    for table in ("documents", "sections", "events", "document_officials", "official_mentions", "statements",
                  "formulations"):
        assert list((tmp_path / "pq" / table).glob("part-*.parquet")), table
    # loading the partitions gives the same store as a local ingest
    load_parquet(tmp_path / "pq", tmp_path / "d.db")
    ingest([EXAMPLES], tmp_path / "l.db")
    q = ("SELECT d.id, count(*) FROM documents d JOIN formulations f ON f.document_id = d.id GROUP BY d.id")
    a = sqlite3.connect(tmp_path / "d.db").execute(q).fetchall()
    b = sqlite3.connect(tmp_path / "l.db").execute(q).fetchall()
    assert a == b and a


def test_parquet_readable_with_pandas_columns(cluster, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    run_dask([EXAMPLES, tmp_path / "missing.txt"], tmp_path / "pq", cluster)
    docs = pq.read_table(tmp_path / "pq" / "documents").to_pylist()
    rej = pq.read_table(tmp_path / "pq" / "rejected").to_pylist()
    assert [r["code"] for r in rej] == ["E001"]
    assert all(r["text"][:5] for r in docs)
    offs = pq.read_table(tmp_path / "pq" / "official_mentions").to_pylist()
    by_id = {d["id"]: d["text"] for d in docs}
    assert offs and all(by_id[m["document_id"]][m["start"]:m["end"]] == m["text"] for m in offs)


@pytest.mark.skipif(not DEV.is_dir(), reason=f"dev corpus not found at {DEV}")
def test_dev_corpus_same_records(cluster, tmp_path):
    local = _local([DEV])
    got = _dask([DEV], tmp_path / "pq", cluster, 150_000)
    assert len(list((tmp_path / "pq" / "documents").glob("part-*.parquet"))) > 1
    assert len(got) == len(local) > 100
    assert got == local
