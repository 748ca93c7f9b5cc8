"""Batch ingest on all cores: records are read in the parent, built in worker processes, written by one writer.

Flow (constant memory whatever the corpus size):

    parent: iter_records → id → skip if stored → chunk ──► worker processes: build(record) → Document
    parent: ◄── results in input order (bounded window of chunks) → write_batch (one SQLite writer)

Workers only ever see ``RawRecord``s and return ``Document``s (both pickle as slotted
dataclasses); they never open the database. At most ``window`` chunks are in flight,
so reading never runs ahead of building by more than that.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from readout.errors import ReadoutError
from readout.ingest import RawRecord, RecordMap, iter_records
from readout.model import Document, Rejected
from readout.scale.writer import IngestSummary, write_batch
from readout.store import Store
from readout.store.schema import drop_bulk_indexes, restore_indexes

log = logging.getLogger(__name__)

__all__ = ["build_chunk", "build_rows_chunk", "ingest_parallel", "iter_built", "default_workers"]

Result = Document | Rejected


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _warm() -> None:
    from readout.resources import load

    load()


def build_chunk(records: list[RawRecord]) -> list[Result]:
    """Build a chunk of records (runs in a worker); bad records become ``Rejected``."""
    from readout.pipeline import build_guarded
    from readout.resources import load

    res = load()
    out: list[Result] = []
    for r in records:
        try:
            out.append(build_guarded(r, res))
        except ReadoutError as exc:
            out.append(Rejected(r.source, exc.code, exc.message))
    return out


def build_rows_chunk(records: list[RawRecord]) -> list[tuple | Rejected]:
    """Build a chunk of records into ready-to-insert rows (``readout.store.rows.doc_rows``; runs in a worker).

    Row tuples pickle faster than ``Document`` objects and leave the single writer only
    ``executemany`` to do: the writer shares the cores with the workers.
    """
    from readout.store.rows import doc_rows

    out: list[tuple | Rejected] = []
    for d, r in zip(build_chunk(records), records):
        try:
            out.append(doc_rows(d, r.raw_bytes) if isinstance(d, Document) else d)
        except ReadoutError as exc:  # a row the store would refuse
            out.append(Rejected(r.source, exc.code, exc.message))
    return out


def _chunks(items: Iterable[RawRecord | Rejected], known: Callable[[list[str]], set[str]], summary: IngestSummary,
            chunk_docs: int, chunk_chars: int) -> Iterator[list[RawRecord | Rejected]]:
    """Group records into chunks; rejections ride along in order. Skips stored or repeated ids.

    ``known(ids)`` returns the ids already stored; it is asked once per chunk (one query,
    not one per record).
    """
    from readout.pipeline import document_id

    seen: set[str] = set()  # ids of this run: a story repeated in the input is built once
    pending: list[tuple[RawRecord | Rejected, str | None]] = []
    size = 0

    def flush() -> list[RawRecord | Rejected]:
        stored = known([d for _, d in pending if d is not None])
        summary.skipped += len(stored)
        return [x for x, d in pending if d is None or d not in stored]

    for item in items:
        summary.read += 1
        did = None
        if isinstance(item, RawRecord):
            summary.bytes += len(item.raw_bytes)
            did = document_id(item.raw_bytes)
            if did in seen:
                summary.skipped += 1
                continue
            seen.add(did)
            size += len(item.raw_text)
        pending.append((item, did))
        if len(pending) >= chunk_docs or size >= chunk_chars:
            chunk = flush()
            pending, size = [], 0
            if chunk:
                yield chunk
    if pending:
        chunk = flush()
        if chunk:
            yield chunk


def _split(chunk: list[RawRecord | Rejected]) -> tuple[list[RawRecord], list[int]]:
    recs = [x for x in chunk if isinstance(x, RawRecord)]
    return recs, [i for i, x in enumerate(chunk) if isinstance(x, RawRecord)]


def _merge(chunk: list[RawRecord | Rejected], built: list) -> list:
    it = iter(built)
    out: list = []
    for x in chunk:
        if isinstance(x, Rejected):
            out.append(x)
            continue
        r = next(it)
        out.append((r, x.raw_bytes) if isinstance(r, Document) else r)
    return out


def iter_built(chunks: Iterable[list[RawRecord | Rejected]], workers: int,
               window: int | None = None, rows: bool = False) -> Iterator[list]:
    """Build chunks on ``workers`` processes (in this process when ``workers <= 1``), yielding in input order.

    Items are ``(Document, raw)`` or ``Rejected``; with ``rows`` a document comes as its
    ``doc_rows`` tuple instead.
    """
    build = build_rows_chunk if rows else build_chunk
    if workers <= 1:
        for chunk in chunks:
            recs, _ = _split(chunk)
            yield _merge(chunk, build(recs))
        return
    window = window or 2 * workers
    pending: deque[tuple[list[RawRecord | Rejected], Future[list]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as ex:
        for chunk in chunks:
            recs, _ = _split(chunk)
            pending.append((chunk, ex.submit(build, recs)))
            if len(pending) >= window:
                c, fut = pending.popleft()
                yield _merge(c, fut.result())
        while pending:
            c, fut = pending.popleft()
            yield _merge(c, fut.result())


def _input_bytes(paths: Iterable[str | Path]) -> int:
    total = 0
    for p in map(Path, paths):
        if str(p) == "-":
            continue
        try:
            if p.is_dir():
                total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
            elif p.exists():
                total += p.stat().st_size
        except OSError:
            pass
    return total


def ingest_parallel(paths: Iterable[str | Path], db: str | Path | Store, *, workers: int | None = None,
                    pub_date: str | None = None, chunk_docs: int = 32, chunk_chars: int = 400_000, batch_docs: int = 1024,
                    progress: bool = False, on_batch: Callable[[IngestSummary], None] | None = None,
                    defer_indexes: bool | None = None, mapping: RecordMap | None = None) -> IngestSummary:
    """Read ``paths`` into the store at ``db`` with ``workers`` processes (default: all cores).

    Same documents, same rows and same order as ``readout.store.ingest``; rejections are
    recorded in the store's ``rejected`` table and counted by code in the summary. Workers
    build ``chunk_docs``-record chunks; the writer commits once per ``batch_docs`` records
    (a killed run loses at most that batch, never part of a document).

    ``defer_indexes`` (default: when the input is at least 50 MB and would add a fifth
    or more to the store) drops the annotation tables' secondary indexes for the run and
    rebuilds them at the end (``readout.store.schema.drop_bulk_indexes``); a killed run
    gets them back at the next ``Store.open``. Queries during such a run are slow.
    """
    paths = list(paths)
    workers = default_workers() if workers is None else max(1, workers)
    store = db if isinstance(db, Store) else Store.open(db)
    # A bigger page cache for the bulk writer: the secondary indexes (document ids,
    # formulation values, names) take random inserts; 128 MB keeps their hot pages.
    store.conn.execute("PRAGMA cache_size=-131072")
    summary = IngestSummary(workers=workers, engine="local")
    t0 = time.perf_counter()
    in_bytes = _input_bytes(paths)
    if defer_indexes is None:
        db_bytes = Path(store.path).stat().st_size if store.path and Path(store.path).exists() else 0
        defer_indexes = in_bytes >= 50_000_000 and in_bytes * 35 >= db_bytes  # the store is ~7x its JSON input
    if defer_indexes:
        drop_bulk_indexes(store.conn)
    bar = _Bar(in_bytes) if progress else None
    try:
        records = iter_records(paths, pub_date=pub_date, mapping=mapping)
        chunks = _chunks(records, store.known, summary, chunk_docs, chunk_chars)
        buf: list = []
        # Workers must be able to run a whole transaction ahead: while the writer commits a
        # batch they build the next one (with only 2 × workers chunks in flight they sat
        # idle during each commit: 140 % of 200 % CPU used at 10⁶ documents).
        window = 2 * workers + -(-batch_docs // chunk_docs)
        built = iter_built(chunks, workers, window=window, rows=True)
        for items in itertools.chain(built, [None]):
            if items is not None:
                buf += items
                if len(buf) < batch_docs:
                    continue
            if not buf:
                break
            # Chunks are small (workers stay busy); transactions are big (FTS5 flushes and
            # merges its segments per commit, so fewer, larger commits write much less).
            write_batch(store, buf, summary)
            buf = []
            summary.seconds = time.perf_counter() - t0
            if bar:
                bar.update(summary)
            if on_batch:
                on_batch(summary)
    finally:
        if bar:
            bar.close()
        if defer_indexes:
            t1 = time.perf_counter()
            store.conn.execute("PRAGMA cache_size=-262144")  # the index builds sort in the page cache
            restore_indexes(store.conn)
            summary.index_seconds = time.perf_counter() - t1
        summary.seconds = time.perf_counter() - t0
        if not isinstance(db, Store):
            store.close()
    return summary


class _Bar:
    """A rich progress bar over input bytes (so the ETA is honest) showing documents/s."""

    def __init__(self, total_bytes: int) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.p = Progress(
            TextColumn("[bold]ingest"), BarColumn(), TextColumn("{task.percentage:>5.1f}%"),
            TextColumn("{task.fields[docs]} docs  {task.fields[rate]:.0f} docs/s  rejected {task.fields[rej]}"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), transient=False,
        )
        self.task = self.p.add_task("ingest", total=total_bytes or None, docs=0, rate=0.0, rej=0)
        self.p.start()

    def update(self, s: IngestSummary) -> None:
        self.p.update(self.task, completed=s.bytes, docs=s.stored + s.skipped,
                      rate=s.stored / s.seconds if s.seconds else 0.0, rej=s.rejected)

    def close(self) -> None:
        self.p.stop()
