"""Zip, tar(.gz/.bz2/.xz) archives and single gzip/bzip2/xz files: their members as (name, bytes).

Members are read one at a time with their declared size checked first, so a large
archive never needs to fit in memory. A ``Budget`` shared by an archive and the
archives inside it bounds what they may unpack in all (bytes, members, compression
ratio), so a bomb is refused, not read. Nothing is ever written to disk; still, a member
whose name climbs out (``..``, an absolute path), a link or a device is refused with
a record, never silently passed over.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO, NamedTuple

from readout.errors import Errors, ReadoutError
from readout.ingest.decode import display_name
from readout.ingest.limits import Limits

_RATIO_FLOOR = 1 << 20  # compression ratios are judged past this many unpacked bytes


def kind(head: bytes) -> str | None:
    """"zip", "tar", "gzip" (maybe a tar.gz), "compressed-tar" (bz2/xz, maybe tar) or None."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"BZh", b"\xfd7zXZ")):
        return "compressed-tar"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    return None


class Budget:
    """What one top-level archive (with the archives inside it) may still unpack."""

    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.unpacked = 0
        self.members = 0

    def admit(self) -> ReadoutError | None:
        """Count one more member; the error that stops the archive once there are too many."""
        self.members += 1
        if self.members > self.limits.max_members:
            return ReadoutError(Errors.E018, self.source, detail=f"more than {self.limits.max_members} members",
                                option="--max-members")
        return None

    def cap(self, compressed: int | None) -> int:
        """How many bytes the next member may unpack to before it is refused."""
        lim = self.limits
        cap = min(lim.max_bytes, lim.max_unpacked - self.unpacked)
        if compressed is not None:
            cap = min(cap, max(_RATIO_FLOOR, compressed * lim.max_ratio))
        return max(cap, 0)

    def take(self, name: str, n: int, compressed: int | None, stream: int | None = None) -> ReadoutError | None:
        """Account ``n`` unpacked bytes of member ``name``; an error if that broke a bound.

        ``compressed`` is the member's compressed size (zip); ``stream`` the compressed bytes
        of the whole archive read so far (a compressed tar), for the ratio.
        """
        lim = self.limits
        self.unpacked += n
        if n > lim.max_bytes:
            return ReadoutError(Errors.E005, name, size=n if n <= lim.max_bytes + 1 else f">{lim.max_bytes}",
                                limit=lim.max_bytes)
        if self.unpacked > lim.max_unpacked:
            return ReadoutError(Errors.E018, self.source, detail=f"unpacks to more than {lim.max_unpacked} bytes",
                                option="--max-unpacked")
        if compressed is not None and n > _RATIO_FLOOR and n > compressed * lim.max_ratio:
            return ReadoutError(Errors.E018, name, detail=f"compression ratio over {lim.max_ratio}:1 (a zip bomb?)",
                                option="--max-ratio")
        if stream is not None and self.unpacked > _RATIO_FLOOR and self.unpacked > max(1, stream) * lim.max_ratio:
            return ReadoutError(Errors.E018, self.source, option="--max-ratio",
                                detail=f"compression ratio over {lim.max_ratio}:1 (a tar bomb?)")
        return None


def _skip(name: str) -> bool:
    """Hidden files and macOS resource forks: not inputs, skipped as in folders."""
    parts = name.replace("\\", "/").split("/")
    return any(p.startswith(".") and p not in (".", "..") or p == "__MACOSX" for p in parts if p)


def _unsafe(name: str) -> str | None:
    n = name.replace("\\", "/")
    if n.startswith("/") or (len(n) > 1 and n[1] == ":"):
        return "absolute path"
    if ".." in n.split("/"):
        return "'..' in its path"
    return None


_SKIP = object()  # a member that is not an input (hidden, a resource fork)


def _screen(member: str, name: str, size: int, budget: Budget, odd: str | None) -> ReadoutError | object | None:
    """Before a member is read: None to read it, ``_SKIP``, or the error refusing it (or, naming the
    archive itself, stopping it). ``odd`` says why the member is not a plain file, if it is not."""
    if why := _unsafe(member) or odd:
        return ReadoutError(Errors.E019, name, detail=why)
    if _skip(member):
        return _SKIP
    if stop := budget.admit():
        return stop
    if size > budget.limits.max_bytes:
        return ReadoutError(Errors.E005, name, size=size, limit=budget.limits.max_bytes)
    return None


def members(fileobj: BinaryIO, kind_: str, source: str, budget: Budget) -> Iterator[tuple[str, bytes] | ReadoutError]:
    """Yield ``(member source, bytes)`` or a ``ReadoutError`` for each member, in archive order.

    A damaged archive (bad CRC, truncated stream, zlib error) ends with one error for the
    archive; the members read before it stand.
    """
    found = 0
    try:
        if kind_ == "zip":
            gen = _zip(fileobj, source, budget)
        elif kind_ == "gzip":
            try:
                tar = tarfile.open(fileobj=fileobj, mode="r:gz")  # noqa: SIM115 - closed by the `with tar:` below
            except (tarfile.ReadError, EOFError, OSError):
                fileobj.seek(0)
                tar = None
            gen = _tar(tar, fileobj, source, budget) if tar is not None else _single(fileobj, source, budget)
        else:
            try:
                tar = tarfile.open(fileobj=fileobj, mode="r:*")  # noqa: SIM115 - closed by _tar
            except (tarfile.ReadError, EOFError, OSError):
                fileobj.seek(0)
                tar = None
            gen = _tar(tar, fileobj, source, budget) if tar is not None else _single(fileobj, source, budget)
        for item in gen:
            found += 1
            yield item
    except Exception as exc:  # noqa: BLE001 - zlib.error, lzma.LZMAError, struct.error...: a damaged archive
        yield ReadoutError(Errors.E010, source, detail=f"damaged archive ({type(exc).__name__}: {exc})")
        return
    if not found:
        yield ReadoutError(Errors.E026, source)


class _Entry(NamedTuple):
    """One archive member as the zip and tar readers see it."""

    member: str  # its name in the archive
    size: int  # declared unpacked size
    odd: str | None  # why it is not a plain file (a link, a device), or None
    read: Callable[[int], bytes]  # read at most n bytes of it
    compressed: int | None  # its compressed size (zip), for the ratio
    stream: Callable[[], int] | None  # bytes of the compressed stream consumed so far (tar.gz/bz2/xz)
    damaged: tuple[type[Exception], ...] = ()  # errors that spoil this member only, not the archive


def _read(entries: Iterator[_Entry], source: str, budget: Budget) -> Iterator[tuple[str, bytes] | ReadoutError]:
    for e in entries:
        name = f"{source}!{display_name(e.member)}"
        verdict = _screen(e.member, name, e.size, budget, e.odd)
        if verdict is _SKIP:
            continue
        if verdict is None:
            try:
                data = e.read(budget.cap(e.compressed) + 1)
            except e.damaged as exc:
                yield ReadoutError(Errors.E010, name, detail=f"{type(exc).__name__}: {exc}")
                continue
            verdict = budget.take(name, len(data), e.compressed, e.stream() if e.stream else None)
            if verdict is None:
                yield name, data
                continue
        assert isinstance(verdict, ReadoutError)
        yield verdict
        if verdict.source == budget.source:  # the archive's own bound: stop reading it
            return


# a zip's members are read apart: encrypted, an odd compression method or a bad CRC spoils one member only
_ZIP_MEMBER_ERRORS = (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error)


def _zip(fileobj: BinaryIO, source: str, budget: Budget) -> Iterator[tuple[str, bytes] | ReadoutError]:
    def reader(info: zipfile.ZipInfo) -> Callable[[int], bytes]:
        def read(n: int) -> bytes:
            with zf.open(info) as f:
                return f.read(n)
        return read

    with zipfile.ZipFile(fileobj) as zf:
        yield from _read((_Entry(i.filename, i.file_size, "a symbolic link" if stat.S_ISLNK(i.external_attr >> 16)
                                 else None, reader(i), i.compress_size, None, _ZIP_MEMBER_ERRORS)
                          for i in zf.infolist() if not i.is_dir()), source, budget)


def _tar(tar: tarfile.TarFile, raw: BinaryIO, source: str,
         budget: Budget) -> Iterator[tuple[str, bytes] | ReadoutError]:
    # The position in the compressed file measures the compression ratio so far.
    stream = raw.tell if tar.fileobj is not raw else None

    def reader(m: tarfile.TarInfo) -> Callable[[int], bytes]:
        def read(n: int) -> bytes:
            f = tar.extractfile(m)
            return f.read(n) if f is not None else b""
        return read

    with tar:
        yield from _read((_Entry(m.name, m.size, f"a link to {m.linkname!r}" if m.issym() or m.islnk() else
                                 None if m.isfile() else "a device, FIFO or other special file", reader(m), None, stream)
                          for m in tar if not m.isdir()), source, budget)


# GzipFile takes a file object only by keyword; BZ2File and LZMAFile take it first
_SINGLE: dict[bytes, tuple[Callable[[BinaryIO], io.BufferedIOBase], str]] = {
    b"\x1f\x8b": (lambda f: gzip.GzipFile(fileobj=f), ".gz"),
    b"BZ": (bz2.BZ2File, ".bz2"),
    b"\xfd7": (lzma.LZMAFile, ".xz"),
}


def _single(fileobj: BinaryIO, source: str, budget: Budget) -> Iterator[tuple[str, bytes] | ReadoutError]:
    """A single gzip, bzip2 or xz-compressed file: one member named like the archive minus ``.gz``/``.bz2``/``.xz``."""
    start = fileobj.tell()
    opener, suffix = _SINGLE[fileobj.read(2)]
    fileobj.seek(0, 2)
    compressed = fileobj.tell() - start
    fileobj.seek(start)
    base = source.rsplit("/", 1)[-1]
    inner = base[: -len(suffix)] if base.lower().endswith(suffix) else base
    with opener(fileobj) as g:
        yield from _read(iter([_Entry(inner, 0, None, g.read, compressed, None)]), source, budget)
