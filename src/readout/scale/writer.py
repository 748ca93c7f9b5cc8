"""The single writer, batched: many documents per SQLite transaction.

``Store.add`` commits once per document, which costs a WAL commit per row group;
at 10⁵–10⁶ documents that commit dominates. ``write_batch`` inserts a batch inside
one ``BEGIN IMMEDIATE … COMMIT`` with the store's own row writer
(``readout.store.rows.write_rows``: same rows, same versions, one ``executemany`` per
table per batch), so a killed ingest still leaves only whole documents behind: a batch is
all there or not there, and the resumed run skips what was committed.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from readout.errors import Errors, ReadoutError
from readout.ingest.decode import display_name
from readout.model import Document, Rejected
from readout.store import Store, TallyReport
from readout.store.rows import doc_rows

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestSummary:
    """What a batch run did: the end-of-run report."""

    read: int = 0  # records read (stories), including rejected and skipped ones
    stored: int = 0
    skipped: int = 0  # already in the store (same bytes), or repeated within the run
    copies: int = 0  # copies of a stored story (same text from another source): recorded, not stored again
    rejected: int = 0
    rejected_by_code: dict[str, int] = field(default_factory=dict)
    bytes: int = 0  # raw bytes of the records read (drives the progress bar)
    chars: int = 0  # characters of clean text of the stored documents
    seconds: float = 0.0
    index_seconds: float = 0.0  # part of ``seconds`` spent rebuilding deferred indexes at the end
    workers: int = 1
    engine: str = "local"
    interrupted: bool = False
    warned_by_code: dict[str, int] = field(default_factory=dict)  # records read with warnings (W001, W002)  # stopped by Ctrl-C or SIGTERM after the last committed batch
    tallies: TallyReport | None = None  # the stored analyses' update after the run (not in ``seconds``)

    # the store's own report reads ``added``; keep that name working
    @property
    def added(self) -> int:
        return self.stored

    def reject(self, rej: Rejected) -> None:
        self.rejected += 1
        self.rejected_by_code[rej.code] = self.rejected_by_code.get(rej.code, 0) + 1

    def warn(self, source: str, warnings: tuple[str, ...]) -> None:
        """Count a record read with warnings ("... [W001]": bytes replaced, surrogates) and log them."""
        for w in warnings:
            code = w[-5:-1]
            self.warned_by_code[code] = self.warned_by_code.get(code, 0) + 1
            log.info("%s: %s", source, w)

    def result(self, db: object) -> str:
        """The one line a command prints on stdout when a run is over."""
        return (f"{db}: added {self.stored}, already stored {self.skipped}, rejected {self.rejected}, "
                f"copies {self.copies} (same story from another source: recorded, stored once)")

    def lines(self) -> list[str]:
        rate = self.stored / self.seconds if self.seconds else 0.0
        out = [
            f"documents read     {self.read}",
            f"stored             {self.stored}",
            f"copies             {self.copies} (of stories stored once; readout.store.copies)",
            f"already present    {self.skipped}",
            f"rejected           {self.rejected}",
        ]
        out += [f"  {code}             {n}" for code, n in sorted(self.rejected_by_code.items())]
        if self.warned_by_code:
            out.append(f"read with warnings {sum(self.warned_by_code.values())} (kept; Document.warnings)")
            out += [f"  {code}             {n}" for code, n in sorted(self.warned_by_code.items())]
        out.append(f"elapsed            {self.seconds:.1f} s ({rate:.0f} documents/s, {self.chars / max(self.seconds, 1e-9):,.0f} chars/s,"
                   f" {self.workers} worker{'s' if self.workers != 1 else ''}, engine {self.engine})")
        if self.index_seconds:
            out.append(f"  of which indexes {self.index_seconds:.1f} s (deferred bulk-load indexes rebuilt at the end)")
        if self.tallies:
            out.append(self.tallies.line())
        return out


def write_batch(store: Store, items: Iterable[tuple[Document, bytes | None] | tuple | Rejected],
                summary: IngestSummary) -> None:
    """Write documents and rejections in one transaction; duplicates of stored ids are counted as skipped.

    An item is ``(Document, raw)``, a ``readout.store.rows.doc_rows`` tuple (what pool
    workers send: the writer then only runs ``executemany``), or a ``Rejected``.
    """
    rows: list[tuple] = []
    rejected: list[Rejected] = []
    for item in items:
        if isinstance(item, Rejected):
            rejected.append(item)
        elif len(item) == 2 and isinstance(item[0], Document):
            try:
                rows.append(doc_rows(*item))
            except ReadoutError as exc:
                rejected.append(Rejected(item[0].source or "", exc.code, exc.message))
        else:
            rows.append(item)
    try:
        _write(store, rows, rejected, summary)
    except _ROW_ERRORS:
        # One document's rows do not go in (a value SQLite cannot hold): write them one by one, so that
        # the others are kept and that one becomes a rejection naming its source.
        for r in rows:
            try:
                _write(store, [r], [], summary)
            except _ROW_ERRORS as exc:
                err = ReadoutError(Errors.E023, display_name(str(r[0][1])), detail=f"storing it: {type(exc).__name__}: {exc}"[:300])
                _write(store, [], [Rejected(err.source or "", err.code, display_name(err.message))], summary)
        _write(store, [], rejected, summary)


# Errors that come from the content of a row, not from the store (a full disk or a lock is raised as is).
_ROW_ERRORS = (UnicodeError, ValueError, OverflowError, sqlite3.IntegrityError, sqlite3.InterfaceError)


def _write(store: Store, rows: list[tuple], rejected: list[Rejected], summary: IngestSummary) -> None:
    """One transaction; ``summary`` is counted only once it commits."""
    c = store.conn
    counts = IngestSummary()
    c.execute("BEGIN IMMEDIATE")
    try:
        for rej in rejected:
            store.add_rejected(rej)
            counts.reject(rej)
        for r, status in zip(rows, store.write_rows(rows)):
            if status == "stored":
                counts.stored += 1
                counts.chars += r[0][9]  # n_chars of the documents row
            elif status == "copy":
                counts.copies += 1
            else:
                counts.skipped += 1
        c.execute("COMMIT")
    except BaseException:
        if c.in_transaction:  # an interrupt may come after COMMIT
            c.execute("ROLLBACK")
        raise
    _add(summary, counts)


def _add(summary: IngestSummary, counts: IngestSummary) -> None:
    summary.stored += counts.stored
    summary.skipped += counts.skipped
    summary.copies += counts.copies
    summary.chars += counts.chars
    for rej_code, n in counts.rejected_by_code.items():
        summary.rejected += n
        summary.rejected_by_code[rej_code] = summary.rejected_by_code.get(rej_code, 0) + n
