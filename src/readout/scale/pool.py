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
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from readout.errors import Errors, ReadoutError
from readout.ingest import Limits, RawRecord, RecordMap, input_files, iter_records
from readout.model import Document, Rejected
from readout.scale.writer import IngestSummary, write_batch
from readout.store import Store
from readout.store.schema import drop_bulk_indexes, restore_indexes

log = logging.getLogger(__name__)

__all__ = ["build_chunk", "build_rows_chunk", "ingest_parallel", "iter_built", "default_workers"]

Result = Document | Rejected
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when its parent dies (a killed ``readout ingest`` leaves no process behind)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl: the workers then end when their pipe closes
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _worker_init(parent: int) -> None:
    """Worker start: die with the parent, leave SIGINT/SIGTERM to it (it stops the batch cleanly), load resources."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from readout.resources import load

    load()


class _Workers:
    """A process pool that outlives a worker's death: the records it held are retried one by one,
    and a record that kills its worker again becomes an E024 rejection."""

    def __init__(self, n: int, build: Callable[[list[RawRecord]], list]) -> None:
        self.n, self.build = n, build
        self.ex = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.n, initializer=_worker_init, initargs=(os.getpid(),))

    def _restart(self) -> None:
        self.ex.shutdown(wait=False, cancel_futures=True)
        self.ex = self._new()

    def submit(self, recs: list[RawRecord]) -> tuple[ProcessPoolExecutor, Future[list]]:
        """Queue a chunk; the ticket says which pool took it."""
        try:
            return self.ex, self.ex.submit(self.build, recs)
        except BrokenProcessPool:
            self._restart()
            return self.ex, self.ex.submit(self.build, recs)

    def result(self, ticket: tuple[ProcessPoolExecutor, Future[list]], recs: list[RawRecord]) -> list:
        ex, fut = ticket
        try:
            return fut.result()
        except BrokenProcessPool:
            if ex is self.ex:  # not restarted yet since this chunk's pool broke
                self._restart()
        out: list = []
        for r in recs:  # which record killed the worker? each alone
            try:
                out += self.ex.submit(self.build, [r]).result()
            except BrokenProcessPool as exc:
                log.warning("a worker died building %s", r.source)
                self._restart()
                err = ReadoutError(Errors.E024, r.source, detail=str(exc) or "killed")
                out.append(Rejected(r.source, err.code, err.message))
        return out

    def close(self, wait: bool) -> None:
        self.ex.shutdown(wait=wait, cancel_futures=not wait)


def build_chunk(records: list[RawRecord]) -> list[Result]:
    """Build a chunk of records (runs in a worker); bad records become ``Rejected``."""
    from readout.pipeline import build_or_reject
    from readout.resources import load

    res = load()
    return [build_or_reject(r, res) for r in records]


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
            if item.warnings:
                summary.warn(item.source, item.warnings)
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
               window: int | None = None, rows: bool = False) -> Generator[list, None, None]:
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
    pending: deque[tuple[list[RawRecord | Rejected], list[RawRecord], tuple[ProcessPoolExecutor, Future[list]]]] = deque()
    pool = _Workers(workers, build)
    done = False
    try:
        for chunk in chunks:
            recs, _ = _split(chunk)
            pending.append((chunk, recs, pool.submit(recs)))
            if len(pending) >= window:
                c, recs, fut = pending.popleft()
                yield _merge(c, pool.result(fut, recs))
        while pending:
            c, recs, fut = pending.popleft()
            yield _merge(c, pool.result(fut, recs))
        done = True
    finally:
        # interrupted: drop the queued chunks at once (the workers die with this process)
        pool.close(wait=done)


def _input_bytes(paths: Iterable[str | Path], limits: Limits) -> int:
    total = 0
    for f in input_files([p for p in paths if str(p) != "-"], limits):
        try:
            if not isinstance(f, ReadoutError) and f.is_file():
                total += f.stat().st_size
        except OSError:
            pass
    return total


def cap_workers(workers: int | None) -> int:
    """``workers`` (default: all cores) within 1 and the cores: more processes than cores only cost memory."""
    cores = default_workers()
    if workers is None:
        return cores
    if workers > cores:
        log.info("%d workers asked for, %d cores: using %d", workers, cores, cores)
    return max(1, min(workers, cores))


def ingest_parallel(paths: Iterable[str | Path], db: str | Path | Store, *, workers: int | None = None,
                    pub_date: str | None = None, chunk_docs: int = 32, chunk_chars: int = 400_000, batch_docs: int = 1024,
                    progress: bool = False, on_batch: Callable[[IngestSummary], None] | None = None,
                    defer_indexes: bool | None = None, mapping: RecordMap | None = None, limits: Limits | None = None,
                    commit_seconds: float = 2.0, stop: threading.Event | None = None, tally: bool = True) -> IngestSummary:
    """Read ``paths`` into the store at ``db`` with ``workers`` processes (default and most: all cores).

    Same documents, same rows and same order as ``readout.store.ingest``; rejections are
    recorded in the store's ``rejected`` table and counted by code in the summary. Workers
    build ``chunk_docs``-record chunks; the writer commits once per ``batch_docs`` records or
    ``commit_seconds``, whichever comes first (a killed run loses at most that batch, never
    part of a document).

    ``defer_indexes`` (default: when the input is at least 50 MB and would add a fifth
    or more to the store) drops the annotation tables' secondary indexes for the run and
    rebuilds them at the end (``readout.store.schema.drop_bulk_indexes``); a killed run
    gets them back at the next ``Store.open``. Queries during such a run are slow.

    ``limits`` bound each input (``readout.ingest.Limits``); the store's own files are never
    read. Setting ``stop`` (the CLI does on SIGINT and SIGTERM) ends the run after the batch being
    written; a KeyboardInterrupt ends it at once, losing the batch not yet committed. Either way the
    summary says ``interrupted`` and counts what was committed; a re-run resumes.

    At the end of a run that was not interrupted, the stored analyses take in the new
    documents (``tally``; ``readout.store.tallies``), timed apart in ``summary.tallies``.
    """
    paths = list(paths)
    workers = cap_workers(workers)
    store = db if isinstance(db, Store) else Store.open(db)
    limits = limits or Limits()
    if store.path:
        limits = replace(limits, exclude=limits.exclude | Limits.store_files(store.path))
    # A bigger page cache for the bulk writer: the secondary indexes (document ids,
    # formulation values, names) take random inserts; 128 MB keeps their hot pages.
    store.conn.execute("PRAGMA cache_size=-131072")
    summary = IngestSummary(workers=workers, engine="local")
    t0 = time.perf_counter()
    in_bytes = _input_bytes(paths, limits)
    if defer_indexes is None:
        db_bytes = Path(store.path).stat().st_size if store.path and Path(store.path).exists() else 0
        defer_indexes = in_bytes >= 50_000_000 and in_bytes * 35 >= db_bytes  # the store is ~7x its JSON input
    if defer_indexes:
        drop_bulk_indexes(store.conn)
    bar = _Bar(in_bytes) if progress else None
    built: Generator[list, None, None] | None = None
    finished = False
    try:
        records = iter_records(paths, pub_date=pub_date, mapping=mapping, limits=limits)
        chunks = _chunks(records, store.known, summary, chunk_docs, chunk_chars)
        # Workers must be able to run a whole transaction ahead: while the writer commits a
        # batch they build the next one (with only 2 × workers chunks in flight they sat
        # idle during each commit: 140 % of 200 % CPU used at 10⁶ documents).
        window = 2 * workers + -(-batch_docs // chunk_docs)
        built = iter_built(chunks, workers, window=window, rows=True)

        def after_batch() -> None:
            summary.seconds = time.perf_counter() - t0
            if bar:
                bar.update(summary)
            if on_batch:
                on_batch(summary)

        _write_all(built, store, summary, batch_docs, commit_seconds, stop, after_batch)
        finished = not summary.interrupted
    except KeyboardInterrupt:
        summary.interrupted = True  # the batch being written was rolled back; every earlier one is committed
    finally:
        if built is not None:
            built.close()  # stops the worker processes
        if bar:
            bar.close()
        _finish(store, db, summary, t0, defer_indexes, finished and tally)
    return summary


def _finish(store: Store, db: str | Path | Store, summary: IngestSummary, t0: float, defer_indexes: bool,
            tally: bool) -> None:
    """End a run: rebuild the deferred indexes, then (``tally``) bring the stored analyses up to date; close our store."""
    if defer_indexes:
        t1 = time.perf_counter()
        store.conn.execute("PRAGMA cache_size=-262144")  # the index builds sort in the page cache
        restore_indexes(store.conn)
        summary.index_seconds = time.perf_counter() - t1
    summary.seconds = time.perf_counter() - t0
    try:
        if tally:  # a failed or interrupted run leaves them to the next update
            summary.tallies = store.update_tallies()
    finally:
        if not isinstance(db, Store):
            store.close(tally=False)


def _write_all(built: Iterable[list], store: Store, summary: IngestSummary, batch_docs: int, commit_seconds: float,
               stop: threading.Event | None, after_batch: Callable[[], None]) -> None:
    """Write built chunks in transactions of ``batch_docs`` records or ``commit_seconds``; return when all are
    written, or once ``stop`` is set and the batch in hand is written."""
    buf: list = []
    last = time.perf_counter()
    for items in itertools.chain(built, [None]):
        stopping = stop is not None and stop.is_set()
        if items is not None:
            buf += items
            if len(buf) < batch_docs and time.perf_counter() - last < commit_seconds and not stopping:
                continue
        if buf:
            # Chunks are small (workers stay busy); transactions are big (FTS5 flushes and
            # merges its segments per commit, so fewer, larger commits write much less), but
            # never more than ``commit_seconds`` apart, which is what a kill or Ctrl-C can lose.
            write_batch(store, buf, summary)
            buf = []
            last = time.perf_counter()
            after_batch()
        if stop is not None and stop.is_set():  # also a stop that came while the last batch was written
            summary.interrupted = True
            return
        if items is None:
            return


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
