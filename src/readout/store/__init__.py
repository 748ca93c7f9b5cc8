"""The corpus store: one SQLite file holding documents, their annotations and search indexes.

Building documents and writing them are separate on purpose: ``iter_new_documents``
(or any process pool / Dask graph in front of it) produces ``Document`` objects, and a
single writer (``Store.add``) inserts each one in its own transaction (``readout.scale``
writes batches of ready-made row tuples, ``readout.store.rows``). The schema is in
``readout.store.schema`` and described in ``docs/store.md``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from readout.errors import Errors, ReadoutError
from readout.ingest.limits import Limits
from readout.ingest.records import RecordMap
from readout.model import Document, Rejected
from readout.store.copies import backfill_keys
from readout.store.rows import doc_rows, gram_token, index_terms, known_ids, write_rows
from readout.store.schema import migrate, restore_indexes
from readout.store.tallies import TallyReport
from readout.store.tallies import update as update_tallies

log = logging.getLogger(__name__)

__all__ = ["APPLICATION_ID", "DB", "IngestReport", "Store", "TallyReport", "check", "connect", "gram_token", "index_terms",
           "ingest", "iter_new_documents", "opened"]

# PRAGMA application_id of a readout store ("read"), so `file` and readout itself can tell it from other SQLite files.
APPLICATION_ID = 0x72656164


DB = sqlite3.Connection | str | Path


@contextmanager
def opened(db: DB) -> Iterator[sqlite3.Connection]:
    """A read-only connection to ``db`` (a path), or ``db`` itself if it is one; closes only what it opened."""
    if isinstance(db, sqlite3.Connection):
        yield db
        return
    if not Path(db).exists():
        raise ReadoutError(Errors.E101, path=str(db))
    conn = connect(db, readonly=True)
    try:
        yield conn
    finally:
        conn.close()


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open the file with the settings every reader and writer uses (WAL, autocommit mode)."""
    if readonly:
        conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against process kills in WAL mode (only power loss can drop
        # the last commits), which is what resumable ingest needs.
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def _tables(path: str | Path) -> tuple[int, list[str]]:
    """``(application_id, table names)`` of an SQLite file, read without writing to it; E102 if it is not SQLite."""
    from readout.errors import Errors, ReadoutError

    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            app = conn.execute("PRAGMA application_id").fetchone()[0]
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ReadoutError(Errors.E102, str(path), detail=str(exc)) from None
    return app, names


def _is_ours(app: int, names: list[str]) -> bool:
    """A readout store: stamped, or from before the stamp (it has readout's own tables); or an empty file."""
    return app == APPLICATION_ID or (app == 0 and (not names or {"migrations", "documents"} <= set(names)))


def _refuse_foreign(path: str | Path, app: int, names: list[str]) -> None:
    from readout.errors import Errors, ReadoutError

    if not _is_ours(app, names):
        shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "") if names else f"application_id {app}"
        raise ReadoutError(Errors.E104, path=str(path), tables=shown)


def check(path: str | Path) -> None:
    """Raise the coded error that says why ``path`` is not a readable readout store (E101, E102, E104).

    Reads the schema and the newest document row: a truncated or corrupt file fails here,
    at once, instead of on the first page or query.
    """
    from readout.errors import Errors, ReadoutError

    p = Path(path)
    if not p.is_file():
        raise ReadoutError(Errors.E101, path=str(path))
    app, names = _tables(p)
    _refuse_foreign(p, app, names)
    if "documents" not in names:
        raise ReadoutError(Errors.E102, str(path), detail="an empty file, no readout tables")
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("SELECT doc_no, id, n_chars FROM documents ORDER BY doc_no DESC LIMIT 1").fetchall()
            conn.execute("SELECT n_documents FROM corpus_stats").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ReadoutError(Errors.E102, str(path), detail=str(exc)) from None


def _open_for_writing(path: str | Path) -> sqlite3.Connection:
    """``connect(path)`` after checking that the file is a readout store, or none yet (E102, E103, E104)."""
    from readout.errors import Errors, ReadoutError

    p = Path(path)
    if not p.parent.is_dir():
        raise ReadoutError(Errors.E103, path=str(path), detail=f"no folder {p.parent}")
    if p.exists():
        if not p.is_file():
            raise ReadoutError(Errors.E103, path=str(path), detail="not a regular file")
        if p.stat().st_size:
            _refuse_foreign(p, *_tables(p))  # before connect(): it would switch a foreign file to WAL
    try:
        conn = connect(p)
        conn.execute("PRAGMA application_id").fetchone()
    except sqlite3.OperationalError as exc:  # read-only file or folder, no space, a locked file
        raise ReadoutError(Errors.E103, path=str(path), detail=str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise ReadoutError(Errors.E102, str(path), detail=str(exc)) from None
    return conn


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("readout")
    except Exception:  # noqa: BLE001 - metadata missing in a source checkout
        return "unknown"


class Store:
    """A readout SQLite file. ``Store.open(path)`` creates or migrates it."""

    def __init__(self, conn: sqlite3.Connection, path: str | None = None) -> None:
        self.conn = conn
        self.path = path
        self._readout_version = _version()
        self._untallied = False  # documents added since the tallies were last updated

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open the store at ``path``, creating it if absent; refuses (coded error) a file that is not a readout store."""
        from readout.errors import Errors, ReadoutError

        conn = _open_for_writing(path)
        try:
            migrate(conn)
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except sqlite3.OperationalError as exc:
            conn.close()
            raise ReadoutError(Errors.E103, path=str(path), detail=str(exc)) from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ReadoutError(Errors.E102, str(path), detail=str(exc)) from None
        # A bulk load killed before its end left its indexes dropped: rebuild them now.
        if restore_indexes(conn):
            log.info("rebuilt the indexes an interrupted bulk load had deferred")
        if n := backfill_keys(conn):
            log.info("found the copy keys of %d documents stored before migration 0014", n)
        return cls(conn, str(path))

    def close(self, *, tally: bool = True) -> None:
        """Bring the tallies up to date with what this store added (unless ``tally`` is False), then close."""
        try:
            if tally and self._untallied:
                self.update_tallies()
        finally:
            self.conn.close()

    def update_tallies(self, *, full: bool = False) -> TallyReport:
        """Fold new documents into the materialised analyses (``readout.store.tallies.update``)."""
        rep = update_tallies(self.conn, full=full)
        self._untallied = False
        log.info(rep.line())
        return rep

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(tally=exc_type is None)  # after an error the next update catches up

    # -- reading ---------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        """Whether this id arrived before: a stored document, or a copy recorded against one."""
        return bool(known_ids(self.conn, [doc_id]))

    def known(self, ids: list[str]) -> set[str]:
        """Those of ``ids`` that arrived before (stored or recorded as copies; one query per 500 ids)."""
        return known_ids(self.conn, ids)

    def count(self) -> int:
        """Stories stored (copies are not documents: ``document_copies``)."""
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    # -- writing ---------------------------------------------------------------------
    def add(self, doc: Document, raw: bytes | None = None) -> bool:
        """Insert one document and all its annotations atomically; False if not stored (see ``put``)."""
        return self.put(doc, raw) == "stored"

    def put(self, doc: Document, raw: bytes | None = None) -> str:
        """Write one document atomically: "stored", "copy" (of a stored story, recorded in
        ``document_copies``; ``readout.store.copies``) or "known" (this id arrived before)."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            (status,) = write_rows(c, [doc_rows(doc, raw)], self._readout_version)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        self._untallied = self._untallied or status == "stored"
        return status

    def add_rejected(self, rej: Rejected) -> None:
        """Record an input that could not be read (once per source and code)."""
        self.conn.execute(
            "INSERT INTO rejected(source, code, message, rejected_at) VALUES (?,?,?,?) "
            "ON CONFLICT(source, code) DO UPDATE SET message = excluded.message, rejected_at = excluded.rejected_at",
            (rej.source, rej.code, rej.message, _now()),
        )

    def write_rows(self, batch: list[tuple]) -> list[str]:
        """Insert ``doc_rows`` tuples inside the caller's transaction (see ``readout.store.rows``)."""
        stored = write_rows(self.conn, batch, self._readout_version)
        self._untallied = self._untallied or "stored" in stored
        return stored


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    skipped: int = 0  # already stored (same bytes)
    copies: int = 0  # copies of stored stories, recorded in document_copies
    rejected: int = 0
    tallies: TallyReport | None = None  # the analyses' update at the end


def iter_new_documents(
    paths: Iterable[str | Path], known: Callable[[str], bool], *, pub_date: str | None = None,
    mapping: RecordMap | None = None,
    limits: Limits | None = None,
) -> Iterator[tuple[Document, bytes] | Rejected | str]:
    """Build documents for records not yet stored: yields ``(doc, raw)``, ``Rejected``, or the id of a skipped record.

    ``known(doc_id)`` is asked before building, so a resumed ingest does not redo work.
    This is the part a process pool can replace; it never writes.
    """
    from readout import ingest as _ingest
    from readout.pipeline import build_or_reject, document_id

    res = None
    for item in _ingest.iter_records(paths, pub_date=pub_date, mapping=mapping, limits=limits):
        if isinstance(item, Rejected):
            yield item
            continue
        did = document_id(item.raw_bytes)
        if known(did):
            yield did
            continue
        if res is None:
            from readout.resources import load

            res = load()
        built = build_or_reject(item, res)
        yield built if isinstance(built, Rejected) else (built, item.raw_bytes)


def ingest(paths: Iterable[str | Path], db: str | Path | Store, *, pub_date: str | None = None,
           progress: Callable[[IngestReport], None] | None = None, mapping: RecordMap | None = None,
           limits: Limits | None = None) -> IngestReport:
    """Read ``paths`` into the store at ``db``: the single-writer loop. The store's own files are never read."""
    store = db if isinstance(db, Store) else Store.open(db)
    limits = limits or Limits()
    if store.path:
        limits = replace(limits, exclude=limits.exclude | Limits.store_files(store.path))
    rep = IngestReport()
    try:
        for item in iter_new_documents(paths, store.has, pub_date=pub_date, mapping=mapping, limits=limits):
            if isinstance(item, str):
                rep.skipped += 1
            elif isinstance(item, Rejected):
                store.add_rejected(item)
                rep.rejected += 1
            else:
                status = store.put(*item)
                if status == "stored":
                    rep.added += 1
                elif status == "copy":
                    rep.copies += 1
                else:
                    rep.skipped += 1
            if progress:
                progress(rep)
        rep.tallies = store.update_tallies()
    finally:
        if not isinstance(db, Store):
            store.close()
    return rep
