"""The same pipeline on a Dask cluster, writing Parquet partitions (one table per record type).

The client lists the input files and groups them into partitions of about
``partition_bytes``; each partition is one task: read → build every story → write
``<out>/<table>/part-NNNNN.parquet`` for every table. Partition ``k`` of each table
holds the same documents, so a reader can rebuild documents one partition at a time
(``read_parquet_documents``) and ``load_parquet`` writes them into the SQLite store
through the same batched writer as the local engine. ``out_dir`` must be visible to
every worker (a shared file system on Slurm; an object store or a shared volume on
Kubernetes).

Tables carry the names of the store's tables, and their columns the store's column names
(tests/test_model_roundtrip.py checks both); rows are keyed by ``document_id`` and ``seq``
instead of the store's row ids, and nested lists are JSON text so DuckDB/pandas read them
without schema work: documents, sections, events, document_officials, official_mentions,
statements, formulations, region_mentions, date_mentions, rejected.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from readout.ingest.limits import Limits
from readout.ingest.records import RecordMap
from readout.model import (
    Attendee,
    DateMention,
    Document,
    Event,
    Formulation,
    Mention,
    Official,
    Post,
    RegionMention,
    RegionRef,
    Rejected,
    Section,
    Span,
    Statement,
)
from readout.scale.writer import IngestSummary

log = logging.getLogger(__name__)

__all__ = ["TABLES", "run_dask", "load_parquet", "read_parquet_documents", "document_rows", "partition_files"]

TABLES = ("documents", "sections", "events", "document_officials", "official_mentions", "statements", "formulations",
          "region_mentions", "date_mentions", "rejected")

_S, _I, _B, _BIN = "string", "int64", "bool", "binary"
_REF = {"region_name": _S, "region_code": _S, "region_text": _S, "region_start": _I, "region_end": _I}
SCHEMAS: dict[str, dict[str, str]] = {
    "documents": {"id": _S, "source": _S, "title": _S, "pub_date": _S, "pub_date_origin": _S, "encoding": _S,
                  "format": _S, "n_chars": _I, "text": _S, "raw_offsets": _S, "raw": _BIN, "seq": _I,
                  "clean_title": _S, "url": _S, "record_id": _S},
    "sections": {"document_id": _S, "seq": _I, "start": _I, "end": _I, "text": _S, **_REF},
    "events": {"document_id": _S, "seq": _I, "start": _I, "end": _I, "text": _S, "date": _S, "date_end": _S,
               "kind": _S, "leader": _S, "title_start": _I, "title_end": _I, "title_text": _S, **_REF,
               "date_start": _I, "date_stop": _I, "date_text": _S, "officials": _S},
    "document_officials": {"document_id": _S, "seq": _I, "name": _S, "posts": _S, "political": _B},
    "official_mentions": {"document_id": _S, "official_seq": _I, "seq": _I, "name": _S, "start": _I, "end": _I,
                 "text": _S, "posts": _S},
    "statements": {"document_id": _S, "seq": _I, "start": _I, "end": _I, "text": _S, "speaker": _S,
                   "verb_start": _I, "verb_end": _I, "verb_text": _S, "speaker_start": _I, "speaker_end": _I,
                   "speaker_text": _S},
    "formulations": {"document_id": _S, "seq": _I, "start": _I, "end": _I, "text": _S, "value": _S, "kind": _S},
    "region_mentions": {"document_id": _S, "seq": _I, "start": _I, "end": _I, "text": _S, "name": _S, "code": _S,
                "level": _S, "province": _S, "province_code": _S},
    "date_mentions": {"document_id": _S, "seq": _I, "start": _I, "end": _I, "text": _S, "date": _S, "date_end": _S,
              "precision": _S, "inferred": _S},
    "rejected": {"source": _S, "code": _S, "message": _S},
}


def _j(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False)


def _ref(r: RegionRef | None) -> dict[str, Any]:
    if r is None:
        return dict.fromkeys(_REF)
    return {"region_name": r.name, "region_code": r.code, "region_text": r.text, "region_start": r.start,
            "region_end": r.end}


def _unref(row: dict[str, Any]) -> RegionRef | None:
    if row["region_name"] is None:
        return None
    return RegionRef(row["region_name"], row["region_code"], row["region_text"], row["region_start"], row["region_end"])


def _span(s: Any, e: Any, t: Any) -> Span | None:
    return None if s is None else Span(s, e, t)


def document_rows(doc: Document, raw: bytes | None, seq: int, out: dict[str, list[dict[str, Any]]]) -> None:
    """Append one document's rows to ``out`` (table name → rows)."""
    did = doc.id
    out["documents"].append({"id": did, "source": doc.source, "title": doc.title, "pub_date": doc.pub_date,
                             "pub_date_origin": doc.pub_date_origin, "encoding": doc.encoding, "format": doc.format,
                             "n_chars": len(doc.text), "text": doc.text,
                             "raw_offsets": _j([list(s) for s in doc.raw_offsets]), "raw": raw, "seq": seq,
                             "clean_title": doc.clean_title, "url": doc.url, "record_id": doc.record_id})
    for i, s in enumerate(doc.sections):
        out["sections"].append({"document_id": did, "seq": i, "start": s.start, "end": s.end, "text": s.text,
                                **_ref(s.region)})
    for i, e in enumerate(doc.events):
        t, d = e.title, e.date_span
        out["events"].append({
            "document_id": did, "seq": i, "start": e.start, "end": e.end, "text": e.text, "date": e.date,
            "date_end": e.date_end, "kind": e.kind, "leader": e.leader, "title_start": t and t.start,
            "title_end": t and t.end, "title_text": t and t.text, **_ref(e.region), "date_start": d and d.start,
            "date_stop": d and d.end, "date_text": d and d.text,
            "officials": _j([[a.name, a.posts, a.start, a.end, a.text] for a in e.officials])})
    for i, o in enumerate(doc.officials):
        out["document_officials"].append({"document_id": did, "seq": i, "name": o.name, "posts": _j(o.posts),
                                 "political": o.political})
        for k, m in enumerate(o.mentions):
            out["official_mentions"].append({"document_id": did, "official_seq": i, "seq": k, "name": o.name,
                                    "start": m.start, "end": m.end, "text": m.text,
                                    "posts": _j([[p.start, p.end, p.text, p.value, p.political, p.status] for p in m.posts])})
    for i, st in enumerate(doc.statements):
        out["statements"].append({"document_id": did, "seq": i, "start": st.start, "end": st.end, "text": st.text,
                                  "speaker": st.speaker, "verb_start": st.verb.start, "verb_end": st.verb.end,
                                  "verb_text": st.verb.text, "speaker_start": st.speaker_span.start,
                                  "speaker_end": st.speaker_span.end, "speaker_text": st.speaker_span.text})
    for i, f in enumerate(doc.formulations):
        out["formulations"].append({"document_id": did, "seq": i, "start": f.start, "end": f.end, "text": f.text,
                                    "value": f.value, "kind": f.kind})
    for i, r in enumerate(doc.regions):
        out["region_mentions"].append({"document_id": did, "seq": i, "start": r.start, "end": r.end, "text": r.text,
                               "name": r.name, "code": r.code, "level": r.level, "province": r.province,
                               "province_code": r.province_code})
    for i, dm in enumerate(doc.dates):
        out["date_mentions"].append({"document_id": did, "seq": i, "start": dm.start, "end": dm.end, "text": dm.text,
                                     "date": dm.date, "date_end": dm.date_end, "precision": dm.precision,
                                     "inferred": dm.inferred})


def _schema(table: str):  # noqa: ANN202
    import pyarrow as pa

    types = {_S: pa.string(), _I: pa.int64(), _B: pa.bool_(), _BIN: pa.binary()}
    return pa.schema([(k, types[v]) for k, v in SCHEMAS[table].items()])


def write_partition(rows: dict[str, list[dict[str, Any]]], out_dir: str | Path, part: int) -> None:
    """Write one partition: ``<out_dir>/<table>/part-NNNNN.parquet`` for every table (empty ones too)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for table in TABLES:
        d = Path(out_dir) / table
        d.mkdir(parents=True, exist_ok=True)
        t = pa.Table.from_pylist(rows.get(table, []), schema=_schema(table))
        tmp = d / f".part-{part:05d}.parquet.tmp"
        pq.write_table(t, tmp, compression="zstd")
        tmp.rename(d / f"part-{part:05d}.parquet")  # a partition appears whole or not at all


def build_partition(files: list[str], out_dir: str, part: int, pub_date: str | None = None,
                    mapping: RecordMap | None = None, limits: Limits | None = None) -> dict[str, Any]:
    """One Dask task: read, build and write one partition; returns its counts."""
    from readout.ingest import RawRecord, iter_records
    from readout.pipeline import document_id
    from readout.scale.pool import build_chunk

    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    counts: dict[str, Any] = {"read": 0, "stored": 0, "rejected": {}, "chars": 0, "duplicates": 0}
    seen: set[str] = set()
    seq = 0
    for item in iter_records(files, pub_date=pub_date, mapping=mapping, limits=limits):
        counts["read"] += 1
        if isinstance(item, RawRecord):
            if document_id(item.raw_bytes) in seen:
                counts["duplicates"] += 1
                continue
            (res,) = build_chunk([item])
            if isinstance(res, Document):
                seen.add(res.id)
                document_rows(res, item.raw_bytes, seq, rows)
                seq += 1
                counts["stored"] += 1
                counts["chars"] += len(res.text)
                continue
            item = res
        _reject(item, rows, counts)
    write_partition(rows, out_dir, part)
    return counts


def _reject(rej: Rejected, rows: dict[str, list[dict[str, Any]]], counts: dict[str, Any]) -> None:
    rows["rejected"].append(rej.to_dict())
    counts["rejected"][rej.code] = counts["rejected"].get(rej.code, 0) + 1


def partition_files(paths: Iterable[str | Path], partition_bytes: int = 32 << 20,
                    limits: Limits | None = None) -> tuple[list[list[str]], list[Rejected]]:
    """Input files (folders walked like ``readout ingest`` does) grouped into partitions of about ``partition_bytes``,
    and the rejections of the walk itself (a missing path, a symlink out of the folder, an unreadable folder)."""
    from readout.errors import ReadoutError
    from readout.ingest import input_files  # the same order, hidden-file and symlink rules as the local engine

    parts: list[list[str]] = []
    rejected: list[Rejected] = []
    cur: list[str] = []
    size = 0
    for f in input_files(paths, limits):
        if isinstance(f, ReadoutError):
            rejected.append(Rejected(f.source or "", f.code, f.message))
            continue
        try:
            n = f.stat().st_size
        except OSError:
            n = 0  # a vanished file becomes a rejection inside its task
        if cur and size + n > partition_bytes:
            parts.append(cur)
            cur, size = [], 0
        cur.append(str(f))
        size += n
    if cur:
        parts.append(cur)
    return parts, rejected


def _count(summary: IngestSummary, c: dict[str, Any]) -> None:
    summary.read += c["read"]
    summary.stored += c["stored"]
    summary.skipped += c["duplicates"]
    summary.chars += c["chars"]
    for code, n in c["rejected"].items():
        summary.rejected += n
        summary.rejected_by_code[code] = summary.rejected_by_code.get(code, 0) + n


def _failed_partition(files: list[str], exc: BaseException, out: Path, part: int) -> dict[str, Any]:
    """A task that failed (its worker died, an error outside the per-record guard): each of its files is rejected."""
    from readout.errors import Errors, ReadoutError

    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    counts: dict[str, Any] = {"read": len(files), "stored": 0, "rejected": {}, "chars": 0, "duplicates": 0}
    for f in files:
        e = ReadoutError(Errors.E024, f, detail=f"Dask task: {type(exc).__name__}: {str(exc)[:200]}")
        _reject(Rejected(f, e.code, e.message), rows, counts)
    write_partition(rows, out, part)
    return counts


def run_dask(paths: Iterable[str | Path], out_dir: str | Path, scheduler: str | Any | None = None, *,
             pub_date: str | None = None, partition_bytes: int = 32 << 20, progress: bool = False,
             mapping: RecordMap | None = None, limits: Limits | None = None) -> IngestSummary:
    """Build ``paths`` on a Dask cluster into Parquet partitions under ``out_dir``.

    ``scheduler``: a scheduler address (``tcp://host:8786``), a ``distributed.Client``
    or cluster object, or None for a ``LocalCluster`` on this machine. A partition whose
    task fails is written as rejections of its files; the other partitions go on.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    parts, walk_rejected = partition_files(paths, partition_bytes, limits)
    own_cluster = None
    if scheduler is None:
        own_cluster = LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None)
        client = Client(own_cluster)
    elif isinstance(scheduler, Client):
        client = scheduler
    elif isinstance(scheduler, str):
        client = Client(scheduler)
    else:  # a cluster object (LocalCluster, SLURMCluster, KubeCluster…)
        client = Client(scheduler)
    summary = IngestSummary(engine="dask", workers=len(client.scheduler_info().get("workers", {})) or 1)
    t0 = time.perf_counter()
    try:
        if walk_rejected:  # the walk's own rejections: one more partition, after the others
            rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
            counts: dict[str, Any] = {"read": len(walk_rejected), "stored": 0, "rejected": {}, "chars": 0,
                                      "duplicates": 0}
            for rej in walk_rejected:
                _reject(rej, rows, counts)
            write_partition(rows, out, len(parts))
            _count(summary, counts)
        futs = {client.submit(build_partition, files, str(out), k, pub_date, mapping, limits, pure=False): k
                for k, files in enumerate(parts)}
        for fut in as_completed(futs):
            try:
                c = fut.result()
            except Exception as exc:  # noqa: BLE001 - a killed worker, a task error: reject that partition only
                k = futs[fut]
                log.warning("Dask partition %d failed: %s", k, exc)
                c = _failed_partition(parts[k], exc, out, k)
            _count(summary, c)
            if progress:
                log.info("partition done: %d documents so far", summary.stored)
    finally:
        summary.seconds = time.perf_counter() - t0
        if scheduler is None or isinstance(scheduler, str):
            client.close()
        if own_cluster is not None:
            own_cluster.close()
    return summary


def _by_doc(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    g: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        g[r["document_id"]].append(r)
    return g


def _read_part(parquet_dir: Path, table: str, name: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    f = parquet_dir / table / name
    return pq.read_table(f).to_pylist() if f.exists() else []


def read_parquet_documents(parquet_dir: str | Path) -> Iterator[tuple[Document, bytes | None] | Rejected]:
    """Rebuild ``(Document, raw)`` pairs (and ``Rejected``) partition by partition, in partition order."""
    root = Path(parquet_dir)
    for f in sorted((root / "documents").glob("part-*.parquet")):
        name = f.name
        for r in _read_part(root, "rejected", name):
            yield Rejected(r["source"], r["code"], r["message"])
        t = {table: _by_doc(_read_part(root, table, name)) for table in TABLES if table not in ("documents", "rejected")}
        for d in sorted(_read_part(root, "documents", name), key=lambda r: r["seq"]):
            yield _document(d, t), d["raw"]


def _document(d: dict[str, Any], t: dict[str, dict[str, list[dict[str, Any]]]]) -> Document:
    did = d["id"]

    def rows(table: str) -> list[dict[str, Any]]:
        return sorted(t[table].get(did, []), key=lambda r: r["seq"])

    mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in t["official_mentions"].get(did, []):
        mentions[m["official_seq"]].append(m)
    officials = []
    for o in rows("document_officials"):
        ms = [Mention(m["start"], m["end"], m["text"], [Post(*p) for p in json.loads(m["posts"])])
              for m in sorted(mentions[o["seq"]], key=lambda m: m["seq"])]
        officials.append(Official(o["name"], json.loads(o["posts"]), o["political"], ms))
    return Document(
        id=did, source=d["source"], title=d["title"], pub_date=d["pub_date"], text=d["text"],
        pub_date_origin=d["pub_date_origin"], encoding=d["encoding"], format=d["format"],
        clean_title=d.get("clean_title") or d["title"], url=d.get("url"), record_id=d.get("record_id"),
        raw_offsets=[tuple(x) for x in json.loads(d["raw_offsets"])],
        sections=[Section(r["start"], r["end"], r["text"], _unref(r)) for r in rows("sections")],
        dates=[DateMention(r["start"], r["end"], r["text"], r["date"], r["date_end"], r["precision"], r["inferred"])
               for r in rows("date_mentions")],
        regions=[RegionMention(r["start"], r["end"], r["text"], r["name"], r["code"], r["level"], r["province"],
                               r["province_code"]) for r in rows("region_mentions")],
        events=[Event(r["start"], r["end"], r["text"], r["date"], r["date_end"], r["kind"],
                      _span(r["title_start"], r["title_end"], r["title_text"]), _unref(r),
                      _span(r["date_start"], r["date_stop"], r["date_text"]),
                      [Attendee(*a) for a in json.loads(r["officials"])]) for r in rows("events")],
        officials=officials,
        statements=[Statement(r["start"], r["end"], r["text"], r["speaker"], Span(r["verb_start"], r["verb_end"],
                              r["verb_text"]), Span(r["speaker_start"], r["speaker_end"], r["speaker_text"]))
                    for r in rows("statements")],
        formulations=[Formulation(r["start"], r["end"], r["text"], r["value"], r["kind"]) for r in rows("formulations")],
    )


def load_parquet(parquet_dir: str | Path, db: str | Path, *, batch: int = 200, tally: bool = True) -> IngestSummary:
    """Load Parquet partitions written by ``run_dask`` into the SQLite store (skips documents already stored);
    then the stored analyses take in the new documents (``tally``)."""
    from readout.scale.writer import write_batch
    from readout.store import Store

    summary = IngestSummary(engine="parquet")
    t0 = time.perf_counter()
    store = Store.open(db)
    try:
        buf: list[tuple[Document, bytes | None] | Rejected] = []
        for item in read_parquet_documents(parquet_dir):
            summary.read += 1
            buf.append(item)
            if len(buf) >= batch:
                write_batch(store, buf, summary)
                buf = []
        if buf:
            write_batch(store, buf, summary)
        summary.seconds = time.perf_counter() - t0
        if tally:
            summary.tallies = store.update_tallies()
    finally:
        store.close(tally=False)
    return summary
