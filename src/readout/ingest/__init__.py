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
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from readout.errors import Errors, ReadoutError
from readout.ingest import archive, formats
from readout.ingest.dates import date_from_filename, parse_date, validate_pub_date
from readout.ingest.decode import decode, display_name
from readout.ingest.html import analyse_page
from readout.ingest.limits import DEFAULT_MAX_BYTES, Limits, json_nesting
from readout.ingest.records import RecordMap
from readout.model import Rejected

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Limits",
    "RawRecord",
    "RecordMap",
    "date_from_filename",
    "input_files",
    "iter_records",
    "parse_date",
    "read_path",
    "records_from_bytes",
    "records_from_text",
    "validate_pub_date",
    "walk",
]

log = logging.getLogger(__name__)

_MAX_LISTED = 1_000_000  # files under one folder: past this the walk stops with a record


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
    warnings: tuple[str, ...] = ()  # read, but not exactly as written ("... [W001]")


def _pick_date(meta: str | None, source: str, arg: str | None) -> tuple[str | None, str | None]:
    if meta:
        return meta, "metadata"
    if d := date_from_filename(source):
        return d, "filename"
    if arg:
        return arg, "argument"
    return None, None


def _warning(code: str, **details: Any) -> str:
    return str(ReadoutError(code, **details))


def _parse(data: bytes, source: str, arg_date: str | None, limits: Limits,
           mapping: RecordMap | None = None) -> list[RawRecord | ReadoutError]:
    """Decode one file into its stories; file-level problems raise, per-record ones are returned."""
    if len(data) > limits.max_bytes:
        raise ReadoutError(Errors.E005, source, size=len(data), limit=limits.max_bytes)
    if not data.strip():
        raise ReadoutError(Errors.E002, source)
    text, enc, replaced = decode(data, source)
    if not text.strip():
        raise ReadoutError(Errors.E002, source)
    warnings = (_warning(Errors.W001, n=replaced, encoding=enc),) if replaced else ()
    if (text.lstrip()[:1] in ("[", "{") or formats.extension(source) in formats.JSON_EXT) and \
            json_nesting(text, limits.max_nesting) > limits.max_nesting:
        raise ReadoutError(Errors.E017, source, limit=limits.max_nesting)
    fmt = formats.detect(text, source)
    if fmt not in ("json", "markdown") and len(text) > limits.max_chars:  # one story: refuse before parsing it
        raise ReadoutError(Errors.E022, source, size=len(text), limit=limits.max_chars)
    try:
        out = _stories(data, text, enc, source, arg_date, fmt, mapping)
    except RecursionError:  # a nesting the bracket count did not see (a parser's own recursion)
        raise ReadoutError(Errors.E017, source, limit=limits.max_nesting) from None
    if not out:
        raise ReadoutError(Errors.E006, source, detail="no record in it")
    for i, rec in enumerate(out):
        if isinstance(rec, ReadoutError):
            continue
        if len(rec.raw_text) > limits.max_chars:
            out[i] = ReadoutError(Errors.E022, rec.source, size=len(rec.raw_text), limit=limits.max_chars)
            continue
        rec.warnings = warnings
        n = len(_SURROGATE.findall(rec.raw_text))  # JSON escapes such as "\ud800" decode to lone surrogates
        if n:
            rec.raw_text = _SURROGATE.sub("\ufffd", rec.raw_text)
            rec.warnings += (_warning(Errors.W002, n=n),)
        if rec.title:
            rec.title = _SURROGATE.sub("\ufffd", rec.title)
    return out


def _stories(data: bytes, text: str, enc: str, source: str, arg_date: str | None, fmt: str,
             mapping: RecordMap | None) -> list[RawRecord | ReadoutError]:
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


def _limits(limits: Limits | None, max_bytes: int | None) -> Limits:
    limits = limits or Limits()
    return limits if max_bytes is None else replace(limits, max_bytes=max_bytes)


def records_from_bytes(
    data: bytes, source: str, *, pub_date: str | None = None, max_bytes: int | None = None,
    mapping: RecordMap | None = None, limits: Limits | None = None,
) -> list[RawRecord]:
    """Decode one file's bytes into its stories. Raises ``ReadoutError`` on bad input.

    Archives are expanded; a bad record or member raises (``iter_records`` instead
    reports it and goes on).
    """
    arg = validate_pub_date(pub_date)
    return _raise_first(_guarded(source, _items_from_bytes(data, source, arg, _limits(limits, max_bytes), 0,
                                                           mapping=mapping)))


_SURROGATE = re.compile("[\ud800-\udfff]")


def records_from_text(text: str, source: str | None = None, *, pub_date: str | None = None,
                      mapping: RecordMap | None = None) -> list[RawRecord]:
    """Read a story given as a string (title on the first line, then the body; or HTML, JSON, markdown).

    Lone surrogates (which no file can hold) become U+FFFD, with a warning on the record.
    """
    text, n = _SURROGATE.subn("\ufffd", text)
    records = records_from_bytes(text.encode("utf-8"), source or "<text>", pub_date=pub_date, mapping=mapping)
    if n:
        for r in records:
            r.warnings += (_warning(Errors.W002, n=n),)
    return records


def _items_from_bytes(
    data: bytes, source: str, arg: str | None, limits: Limits, depth: int, budget: archive.Budget | None = None,
    mapping: RecordMap | None = None,
) -> Iterator[RawRecord | ReadoutError]:
    k = archive.kind(data[:512])
    if k is not None:
        yield from _items_from_archive(io.BytesIO(data), k, source, arg, limits, depth, budget, mapping)
        return
    try:
        yield from _parse(data, source, arg, limits, mapping)
    except ReadoutError as exc:
        yield exc


def _items_from_archive(
    f: BinaryIO, k: str, source: str, arg: str | None, limits: Limits, depth: int, budget: archive.Budget | None,
    mapping: RecordMap | None = None,
) -> Iterator[RawRecord | ReadoutError]:
    if depth >= limits.max_depth:
        yield ReadoutError(Errors.E018, source, detail=f"archives nested more than {limits.max_depth} deep",
                           option="--max-depth")
        return
    budget = budget or archive.Budget(source, limits)  # one budget for an archive and those inside it
    for m in archive.members(f, k, source, budget):
        if isinstance(m, ReadoutError):
            yield m
        else:
            yield from _items_from_bytes(m[1], m[0], arg, limits, depth + 1, budget, mapping)


def _special(mode: int) -> str | None:
    """What a non-regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _items_from_path(p: Path, arg: str | None, limits: Limits,
                     mapping: RecordMap | None = None) -> Iterator[RawRecord | ReadoutError]:
    source = display_name(str(p))
    if limits.excluded(p):
        yield ReadoutError(Errors.E016, source)
        return
    try:
        # stat before opening: opening a FIFO blocks, a device may have side effects
        if kind_name := _special(os.stat(p).st_mode):
            yield ReadoutError(Errors.E014, source, kind=kind_name)
            return
        with os.fdopen(os.open(p, _OPEN_FLAGS), "rb") as f:
            st = os.fstat(f.fileno())
            if kind_name := _special(st.st_mode):  # replaced between stat and open
                yield ReadoutError(Errors.E014, source, kind=kind_name)
                return
            head = f.read(512)
            k = archive.kind(head)
            if k is not None:  # archives may exceed max_bytes; their members may not
                f.seek(0)
                yield from _items_from_archive(f, k, source, arg, limits, 0, None, mapping)
                return
            if st.st_size > limits.max_bytes:
                yield ReadoutError(Errors.E005, source, size=st.st_size, limit=limits.max_bytes)
                return
            data = head + f.read(limits.max_bytes + 1 - len(head))
    except FileNotFoundError:
        yield ReadoutError(Errors.E001, source)
        return
    except OSError as exc:
        yield ReadoutError(Errors.E008, source, detail=exc.strerror or str(exc))
        return
    yield from _items_from_bytes(data, source, arg, limits, 0, mapping=mapping)


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def walk(folder: Path, limits: Limits | None = None) -> list[Path | ReadoutError]:
    """Files under a folder, recursively and sorted, skipping hidden files and folders.

    Symlinks leading out of the folder are refused with E015 unless ``limits.follow_symlinks``;
    an unreadable folder is an E025 record; special files are listed (reading refuses them).
    """
    limits = limits or Limits()
    root = os.path.realpath(folder)
    found: list[tuple[Path, ReadoutError | None]] = []
    stack, seen = [folder], {root}
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.append((d, ReadoutError(Errors.E025, display_name(str(d)), detail=exc.strerror or str(exc))))
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            x = Path(e.path)
            try:
                is_dir = e.is_dir()  # follows a symlink
                if e.is_symlink():
                    target = os.path.realpath(x)
                    if not limits.follow_symlinks and not _within(target, root):
                        found.append((x, ReadoutError(Errors.E015, display_name(str(x)), target=display_name(target))))
                        continue
                    if is_dir and target in seen:  # a loop, or a folder read at its own place
                        continue
                if is_dir:
                    seen.add(os.path.realpath(x))
                    stack.append(x)
                    continue
            except OSError as exc:
                found.append((x, ReadoutError(Errors.E008, display_name(str(x)), detail=exc.strerror or str(exc))))
                continue
            found.append((x, None))
        if len(found) > _MAX_LISTED:
            found.append((d, ReadoutError(Errors.E018, display_name(str(folder)), detail=f"more than {_MAX_LISTED} files",
                                          option="a smaller folder")))
            break
    found.sort(key=lambda t: t[0])
    return [err or path for path, err in found]


def input_files(paths: Iterable[str | Path], limits: Limits | None = None) -> Iterator[Path | ReadoutError]:
    """The files named by ``paths`` (folders walked as ``readout ingest`` does), or the error for each bad one."""
    limits = limits or Limits()
    for path in paths:
        p = Path(path)
        if p.is_dir():
            yield from walk(p, limits)
        elif not os.path.lexists(p):
            yield ReadoutError(Errors.E001, display_name(str(path)))
        else:
            yield p


def _guarded(source: str, items: Iterator[RawRecord | ReadoutError]) -> Iterator[RawRecord | ReadoutError]:
    """``items``, with an unexpected failure turned into a coded error for ``source``; records read stay."""
    try:
        yield from items
    except ReadoutError as exc:
        yield exc
    except Exception as exc:  # noqa: BLE001 - one bad input must not stop the batch
        log.warning("internal error reading %s", source, exc_info=True)
        yield ReadoutError(Errors.E023, source, detail=f"{type(exc).__name__}: {str(exc)[:200]}")


def _items(paths: Iterable[str | Path], arg: str | None, stdin: BinaryIO | None, limits: Limits,
           mapping: RecordMap | None = None) -> Iterator[RawRecord | ReadoutError]:
    for path in paths:
        if str(path) == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(limits.max_bytes + 1)
            if isinstance(data, str):
                data = data.encode("utf-8")
            yield from _guarded("<stdin>", _items_from_bytes(data, "<stdin>", arg, limits, 0, mapping=mapping))
            continue
        for f in input_files([path], limits):
            if isinstance(f, ReadoutError):
                yield f
            else:
                yield from _guarded(display_name(str(f)), _items_from_path(f, arg, limits, mapping))


def read_path(path: str | Path, *, pub_date: str | None = None, max_bytes: int | None = None,
              mapping: RecordMap | None = None, limits: Limits | None = None) -> list[RawRecord]:
    """Read one file (or archive, or folder) into raw records. Raises ``ReadoutError`` on the first bad input.

    ``mapping`` says where JSON records keep their parts (``readout.ingest.records``).
    """
    arg = validate_pub_date(pub_date)
    p = Path(path)
    if not p.exists():
        raise ReadoutError(Errors.E001, str(path))
    return _raise_first(_items([p], arg, None, _limits(limits, max_bytes), mapping))


def iter_records(
    paths: Iterable[str | Path],
    *,
    pub_date: str | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
    mapping: RecordMap | None = None,
    limits: Limits | None = None,
) -> Iterator[RawRecord | Rejected]:
    """Yield raw records, or ``model.Rejected`` for bad inputs, for files, folders, archives and ``-`` (stdin).

    A bad file never stops the batch, and nothing is passed over without a ``Rejected``
    record (hidden files excepted). An invalid ``pub_date`` raises E009 at once, since it
    would apply to every file.
    """
    arg = validate_pub_date(pub_date)
    for item in _items(paths, arg, stdin, _limits(limits, max_bytes), mapping):
        if isinstance(item, ReadoutError):
            log.info("rejected %s", item)
            yield Rejected(item.source or "", item.code, item.message)
        else:
            yield item
