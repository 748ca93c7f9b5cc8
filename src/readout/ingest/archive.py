"""Zip, tar(.gz/.bz2/.xz) and gzip archives: their members as (name, bytes).

Members are read one at a time with their declared size checked first, so a large
archive never needs to fit in memory and a bomb is refused member by member.
"""

from __future__ import annotations

import gzip
import tarfile
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from readout.errors import Errors, ReadoutError


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


def _skip(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return any(p.startswith(".") or p == "__MACOSX" for p in parts if p)


def members(fileobj: BinaryIO, kind_: str, source: str, max_bytes: int) -> Iterator[tuple[str, bytes] | ReadoutError]:
    """Yield ``(member source, bytes)`` or a ``ReadoutError`` for each member, in archive order."""
    try:
        if kind_ == "zip":
            yield from _zip(fileobj, source, max_bytes)
            return
        if kind_ == "gzip":
            try:
                tar = tarfile.open(fileobj=fileobj, mode="r:gz")  # noqa: SIM115 - closed by the `with tar:` below
            except (tarfile.ReadError, EOFError, OSError):
                fileobj.seek(0)
                yield from _gzip(fileobj, source, max_bytes)
                return
        else:
            tar = tarfile.open(fileobj=fileobj, mode="r:*")  # noqa: SIM115 - closed by the `with tar:` below
        with tar:
            for m in tar:
                if not m.isfile() or _skip(m.name):
                    continue
                name = f"{source}!{m.name}"
                if m.size > max_bytes:
                    yield ReadoutError(Errors.E005, name, size=m.size, limit=max_bytes)
                    continue
                f = tar.extractfile(m)
                if f is not None:
                    yield name, f.read()
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
        yield ReadoutError(Errors.E010, source, detail=f"damaged archive ({exc})")


def _zip(fileobj: BinaryIO, source: str, max_bytes: int) -> Iterator[tuple[str, bytes] | ReadoutError]:
    with zipfile.ZipFile(fileobj) as zf:
        for info in zf.infolist():
            if info.is_dir() or _skip(info.filename):
                continue
            name = f"{source}!{info.filename}"
            if info.file_size > max_bytes:
                yield ReadoutError(Errors.E005, name, size=info.file_size, limit=max_bytes)
                continue
            try:
                with zf.open(info) as f:
                    data = f.read(max_bytes + 1)
            except (RuntimeError, NotImplementedError, zipfile.BadZipFile) as exc:  # encrypted, odd compression
                yield ReadoutError(Errors.E010, name, detail=str(exc))
                continue
            if len(data) > max_bytes:  # the declared size lied
                yield ReadoutError(Errors.E005, name, size=len(data), limit=max_bytes)
                continue
            yield name, data


def _gzip(fileobj: BinaryIO, source: str, max_bytes: int) -> Iterator[tuple[str, bytes] | ReadoutError]:
    """A single gzip-compressed file: one member named like the archive minus ``.gz``."""
    base = source.rsplit("/", 1)[-1]
    inner = base[:-3] if base.lower().endswith(".gz") else base
    with gzip.GzipFile(fileobj=fileobj) as g:
        data = g.read(max_bytes + 1)
    name = f"{source}!{inner}"
    if len(data) > max_bytes:
        yield ReadoutError(Errors.E005, name, size=f">{max_bytes}", limit=max_bytes)
        return
    yield name, data
