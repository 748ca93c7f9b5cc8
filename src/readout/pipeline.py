"""The pipeline: raw record → clean text → extraction stages → ``Document``.

Data flows one way; each stage is a pure function of the text and of what earlier
stages returned, so the whole thing ships to worker processes unchanged.
"""

from __future__ import annotations

import hashlib
import logging
import re
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from readout import ingest
from readout.clean import clean, clean_title, simplify
from readout.errors import Errors, ReadoutError
from readout.extract import dates, events, formulations, officials, regions, sections, statements
from readout.ingest import RawRecord, RecordMap
from readout.model import Document, Rejected
from readout.resources import Resources, load

log = logging.getLogger(__name__)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")  # CJK ideographs, extensions A–H


def document_id(raw_bytes: bytes) -> str:
    """A stable id: the first 16 hex digits of the BLAKE2b hash of the story's raw bytes."""
    return hashlib.blake2b(raw_bytes, digest_size=8).hexdigest()


def build(record: RawRecord, res: Resources | None = None) -> Document:
    """Run every stage over one raw record."""
    res = res or load()
    cleaned = clean(record)
    if not cleaned.text.strip():
        raise ReadoutError(Errors.E007, record.source)
    text = cleaned.text
    if not _HAN.search(text):  # xwlb's placeholder files named `empty` that say "empty"
        raise ReadoutError(Errors.E027, record.source, size=len(text), sample=text.strip()[:40])
    norm = simplify(text)
    title_end = len(cleaned.title)
    pub_date, pub_origin = record.pub_date, record.pub_date_origin
    if pub_origin != "metadata" and (line := dates.find_dateline(norm)) is not None:
        # the page's own dateline beats a date guessed from the file name
        pub_date, pub_origin = line, "text"
    region_mentions = regions.find_regions(norm, res.gazetteer)
    date_mentions = dates.find_dates(norm, pub_date)
    if norm != text:
        # stages match on simplified text; the surface form is the original characters
        for rm in region_mentions:
            rm.text = text[rm.start:rm.end]
        for dm in date_mentions:
            dm.text = text[dm.start:dm.end]
    offs = officials.find_officials(text, norm, res)
    # a place inside a person's name is no place (李长春's 长春)
    region_mentions = regions.drop_inside(region_mentions, sorted((m.start, m.end) for o in offs for m in o.mentions))
    secs = sections.split_sections(text, norm, region_mentions, title_end)
    stmts = statements.find_statements(text, norm, offs)
    forms = formulations.find_formulations(text, norm, res.formulations)
    # known leaders named without a post are present at events too (…栗战书、王沪宁、赵乐际出席);
    # only a day-dated text has events
    present = offs
    if any(d.precision == "day" and d.date for d in date_mentions):
        present = offs + officials.find_present_leaders(text, norm, res, offs)
    evs = events.find_events(text, norm, secs, date_mentions, region_mentions, present, pub_date)
    return Document(
        id=document_id(record.raw_bytes),
        source=record.source,
        title=cleaned.title,
        pub_date=pub_date,
        text=text,
        pub_date_origin=pub_origin,
        encoding=record.encoding,
        format=record.format,
        clean_title=clean_title(cleaned.title),
        url=record.url,
        record_id=record.record_id,
        raw_offsets=cleaned.offsets,
        sections=secs,
        dates=date_mentions,
        regions=region_mentions,
        events=evs,
        officials=offs,
        statements=stmts,
        formulations=forms,
        warnings=list(record.warnings),
    )


# Per-document time limit in batch workers. Every stage is linear, so a real report takes
# milliseconds; this only stops a hostile or broken one from holding a worker for minutes.
DOC_TIME_LIMIT = 60.0


class _Overtime(BaseException):
    """Raised by the alarm inside ``build``; a BaseException so no ``except Exception`` swallows it."""


@contextmanager
def time_limit(seconds: float | None, source: str) -> Iterator[None]:
    """Raise ``ReadoutError`` E020 if the block runs longer than ``seconds`` (wall clock).

    Uses SIGALRM, so it guards only the main thread of a process (the worker processes of
    ``readout ingest`` and ``readout read``); elsewhere (Dask's worker threads) it does nothing.
    """
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise _Overtime

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Overtime:
        raise ReadoutError(Errors.E020, source, seconds=seconds) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def build_guarded(record: RawRecord, res: Resources | None = None, seconds: float | None = DOC_TIME_LIMIT) -> Document:
    """``build`` under ``time_limit``: a document that takes too long becomes a coded error."""
    with time_limit(seconds, record.source):
        return build(record, res)


def read(text: str, *, pub_date: str | None = None, source: str | None = None) -> Document:
    """Read one report given as a string (title on the first line, then the body)."""
    records = ingest.records_from_text(text, source, pub_date=pub_date)
    return build(records[0])  # records_from_text raises rather than return none


def read_file(path: str | Path, *, pub_date: str | None = None, mapping: RecordMap | None = None) -> list[Document]:
    """Read one file; a file may hold several stories. Raises ``ReadoutError`` on bad input.

    ``mapping`` says where a JSON file keeps its records and their fields (``readout.ingest.records``).
    """
    return [build(r) for r in ingest.read_path(path, pub_date=pub_date, mapping=mapping)]


def read_paths(paths: Iterable[str | Path], *, pub_date: str | None = None,
               mapping: RecordMap | None = None, limits: ingest.Limits | None = None) -> Iterator[Document | Rejected]:
    """Read files, folders, archives (and ``-`` for stdin); bad inputs become ``Rejected`` records."""
    res = load()
    for item in ingest.iter_records(paths, pub_date=pub_date, stdin=sys.stdin.buffer, mapping=mapping,
                                    limits=limits):
        if isinstance(item, Rejected):
            yield item
            continue
        yield build_or_reject(item, res)


def build_or_reject(record: RawRecord, res: Resources | None = None) -> Document | Rejected:
    """``build_guarded``, with any failure a ``Rejected`` record naming the input: one document never stops a batch."""
    try:
        return build_guarded(record, res)
    except ReadoutError as exc:
        return Rejected(record.source, exc.code, exc.message)
    except Exception as exc:  # noqa: BLE001 - a bug met on one input; the batch goes on and says so
        log.warning("internal error building %s", record.source, exc_info=True)
        err = ReadoutError(Errors.E023, record.source, detail=f"{type(exc).__name__}: {str(exc)[:200]}")
        return Rejected(record.source, err.code, err.message)
