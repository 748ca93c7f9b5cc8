"""Bytes to raw records: files, folders, archives; formats and encodings.

A raw record is one story: its decoded raw text plus what the container told us
(publication date, title). ``readout.clean.clean`` turns it into the clean text.

Formats (detected from content, the extension is a hint): the seed format (an
indexed title line, then an HTML body), plain text, full HTML pages, HTML
fragments, JSON / JSON Lines (one document per record), markdown (one story per
``### `` heading). Zip and tar archives and folders are walked by ``iter_records``.

Publication dates, most trusted first: metadata (JSON field, HTML ``<meta>``,
markdown preamble) > a date in the file name > the ``pub_date`` argument.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from readout.errors import Errors, ReadoutError
from readout.ingest import archive, formats
from readout.ingest.dates import date_from_filename, parse_date, validate_pub_date
from readout.ingest.decode import decode
from readout.ingest.html import analyse_page
from readout.ingest.records import RecordMap
from readout.model import Rejected

__all__ = [
    "DEFAULT_MAX_BYTES",
    "RawRecord",
    "RecordMap",
    "date_from_filename",
    "iter_records",
    "parse_date",
    "read_path",
    "records_from_bytes",
    "records_from_text",
    "validate_pub_date",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_MAX_DEPTH = 2  # archives inside archives


@dataclass(slots=True)
class RawRecord:
    source: str  # the input path as given (multi-story files add "#n", archive members "!member")
    raw_text: str  # the decoded raw input of this story (JSON: "title\n\nbody" as decoded from the record)
    raw_bytes: bytes  # this story's raw bytes, hashed for the document id
    encoding: str
    format: str  # "seed" | "text" | "html" | "json" | "markdown"
    pub_date: str | None = None
    pub_date_origin: str | None = None  # "metadata" | "filename" | "argument"
    title: str | None = None  # from metadata, when the container gives one
    markup: str = "text"  # how the body is written: "text" (incl. light markdown) or "html"
    title_span: tuple[int, int] | None = None  # full HTML pages: raw range of the title
    body_span: tuple[int, int] | None = None  # full HTML pages: raw range of the article body
    url: str | None = None  # the story's own address, when the container gives one
    record_id: str | None = None  # the container's id for the story (xwlb video_id)


def _pick_date(meta: str | None, source: str, arg: str | None) -> tuple[str | None, str | None]:
    if meta:
        return meta, "metadata"
    if d := date_from_filename(source):
        return d, "filename"
    if arg:
        return arg, "argument"
    return None, None


def _parse(data: bytes, source: str, arg_date: str | None, max_bytes: int,
           mapping: RecordMap | None = None) -> list[RawRecord | ReadoutError]:
    """Decode one file into its stories; file-level problems raise, per-record ones are returned."""
    if len(data) > max_bytes:
        raise ReadoutError(Errors.E005, source, size=len(data), limit=max_bytes)
    if not data.strip():
        raise ReadoutError(Errors.E002, source)
    text, enc = decode(data, source)
    if not text.strip():
        raise ReadoutError(Errors.E002, source)
    fmt = formats.detect(text, source)
    out: list[RawRecord | ReadoutError] = []
    if fmt == "json":
        for st in formats.json_stories(text, source, mapping):
            if isinstance(st, ReadoutError):
                out.append(st)
                continue
            d, origin = _pick_date(st.pub_date, source, arg_date)
            out.append(
                RawRecord(source + st.suffix, st.raw_text, st.raw_bytes or data, enc, "json", d, origin, st.title,
                          st.markup, url=st.url, record_id=st.record_id)
            )
        return out
    if fmt == "markdown":
        for st in formats.markdown_stories(text, source):
            if isinstance(st, ReadoutError):
                out.append(st)
                continue
            d, origin = _pick_date(st.pub_date, source, arg_date)
            raw_bytes = data if st.raw_bytes is None else st.raw_bytes
            out.append(RawRecord(source + st.suffix, st.raw_text, raw_bytes, enc, "markdown", d, origin, st.title,
                                 url=st.url, record_id=st.record_id))
        return out
    if fmt == "html" and formats.is_full_page(text):
        parts = analyse_page(text)
        d, origin = _pick_date(parts.pub_date, source, arg_date)
        rec = RawRecord(source, text, data, enc, "html", d, origin, parts.title, "html", parts.title_span, parts.body_span)
        return [rec]
    d, origin = _pick_date(None, source, arg_date)
    markup = "html" if fmt in ("html", "seed") else "text"
    return [RawRecord(source, text, data, enc, fmt, d, origin, None, markup)]


def _raise_first(items: Iterable[RawRecord | ReadoutError]) -> list[RawRecord]:
    out = []
    for it in items:
        if isinstance(it, ReadoutError):
            raise it
        out.append(it)
    return out


def records_from_bytes(
    data: bytes, source: str, *, pub_date: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    mapping: RecordMap | None = None,
) -> list[RawRecord]:
    """Decode one file's bytes into its stories. Raises ``ReadoutError`` on bad input.

    Archives are expanded; a bad record or member raises (``iter_records`` instead
    reports it and goes on).
    """
    arg = validate_pub_date(pub_date)
    return _raise_first(_items_from_bytes(data, source, arg, max_bytes, 0, mapping))


def records_from_text(text: str, source: str | None = None, *, pub_date: str | None = None,
                      mapping: RecordMap | None = None) -> list[RawRecord]:
    """Read a story given as a string (title on the first line, then the body; or HTML, JSON, markdown)."""
    return records_from_bytes(text.encode("utf-8"), source or "<text>", pub_date=pub_date, mapping=mapping)


def _items_from_bytes(
    data: bytes, source: str, arg: str | None, max_bytes: int, depth: int, mapping: RecordMap | None = None
) -> Iterator[RawRecord | ReadoutError]:
    k = archive.kind(data[:512])
    if k is not None:
        yield from _items_from_archive(io.BytesIO(data), k, source, arg, max_bytes, depth, mapping)
        return
    try:
        yield from _parse(data, source, arg, max_bytes, mapping)
    except ReadoutError as exc:
        yield exc


def _items_from_archive(
    f: BinaryIO, k: str, source: str, arg: str | None, max_bytes: int, depth: int, mapping: RecordMap | None = None
) -> Iterator[RawRecord | ReadoutError]:
    if depth >= _MAX_DEPTH:
        yield ReadoutError(Errors.E010, source, detail="archive nested too deep")
        return
    for m in archive.members(f, k, source, max_bytes):
        if isinstance(m, ReadoutError):
            yield m
        else:
            yield from _items_from_bytes(m[1], m[0], arg, max_bytes, depth + 1, mapping)


def _items_from_path(p: Path, arg: str | None, max_bytes: int,
                     mapping: RecordMap | None = None) -> Iterator[RawRecord | ReadoutError]:
    source = str(p)
    try:
        size = p.stat().st_size
        with p.open("rb") as f:
            head = f.read(512)
            k = archive.kind(head)
            if k is not None:  # archives may exceed max_bytes; their members may not
                f.seek(0)
                yield from _items_from_archive(f, k, source, arg, max_bytes, 0, mapping)
                return
            if size > max_bytes:
                yield ReadoutError(Errors.E005, source, size=size, limit=max_bytes)
                return
            data = head + f.read()
    except FileNotFoundError:
        yield ReadoutError(Errors.E001, source)
        return
    except OSError as exc:
        yield ReadoutError(Errors.E008, source, detail=exc.strerror or str(exc))
        return
    yield from _items_from_bytes(data, source, arg, max_bytes, 0, mapping)


def walk(folder: Path) -> list[Path]:
    """Files under a folder, recursively and sorted, skipping hidden files and folders."""
    out = []
    for x in folder.rglob("*"):
        rel = x.relative_to(folder).parts
        if any(part.startswith(".") for part in rel) or not x.is_file():
            continue
        out.append(x)
    return sorted(out)


def _items(paths: Iterable[str | Path], arg: str | None, stdin: BinaryIO | None, max_bytes: int,
           mapping: RecordMap | None = None) -> Iterator[RawRecord | ReadoutError]:
    for path in paths:
        if str(path) == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(max_bytes + 1)
            if isinstance(data, str):
                data = data.encode("utf-8")
            yield from _items_from_bytes(data, "<stdin>", arg, max_bytes, 0, mapping)
            continue
        p = Path(path)
        if p.is_dir():
            for f in walk(p):
                yield from _items_from_path(f, arg, max_bytes, mapping)
        elif not p.exists():
            yield ReadoutError(Errors.E001, str(path))
        else:
            yield from _items_from_path(p, arg, max_bytes, mapping)


def read_path(path: str | Path, *, pub_date: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              mapping: RecordMap | None = None) -> list[RawRecord]:
    """Read one file (or archive, or folder) into raw records. Raises ``ReadoutError`` on the first bad input.

    ``mapping`` says where JSON records keep their parts (``readout.ingest.records``).
    """
    arg = validate_pub_date(pub_date)
    p = Path(path)
    if not p.exists():
        raise ReadoutError(Errors.E001, str(path))
    return _raise_first(_items([p], arg, None, max_bytes, mapping))


def iter_records(
    paths: Iterable[str | Path],
    *,
    pub_date: str | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    mapping: RecordMap | None = None,
) -> Iterator[RawRecord | Rejected]:
    """Yield raw records, or ``model.Rejected`` for bad inputs, for files, folders, archives and ``-`` (stdin).

    A bad file never stops the batch. An invalid ``pub_date`` raises E009 at once,
    since it would apply to every file.
    """
    arg = validate_pub_date(pub_date)
    for item in _items(paths, arg, stdin, max_bytes, mapping):
        if isinstance(item, ReadoutError):
            log.info("rejected %s", item)
            yield Rejected(item.source or "", item.code, item.message)
        else:
            yield item
