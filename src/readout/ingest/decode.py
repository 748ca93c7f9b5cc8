"""Bytes to text: byte-order marks, strict UTF-8 first, then charset detection.

Chinese press files come as UTF-8 (with or without BOM), UTF-16 with BOM,
GB18030/GBK or Big5. Strict UTF-8 is tried first because it is by far the most
common and a successful strict decode is almost never wrong; charset-normalizer
decides between the legacy CJK encodings, which overlap byte-wise.
"""

from __future__ import annotations

import codecs
import logging
import re

from readout.errors import Errors, ReadoutError

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# File signatures of formats that are certainly not text.
_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"%PDF",
    b"RIFF",
    b"OggS",
    b"\x7fELF",
    b"7z\xbc\xaf",
    b"Rar!",
    b"BZh",
    b"\xfd7zXZ",
    b"\x1f\x8b",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xd0\xcf\x11\xe0",  # OLE (old .doc/.xls)
    b"wOFF",
    b"\x00\x00\x01\x00",
)

# The legacy encodings charset-normalizer may choose from. Chinese press files come
# in the first four; single-byte Western code pages are left out on purpose, since
# any byte string "decodes" in them and the result would be garbage, not an error.
_CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs", "hz", "euc_jp", "shift_jis", "cp932", "euc_kr", "cp949")


# A declared charset (HTML <meta>, XML prolog) is a hint worth one strict try.
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_-]{2,20})""", re.I)
# Declared names that are subsets of a wider codec: decode with the superset.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "big5": "cp950"}


def looks_binary(data: bytes) -> bool:
    """True for known binary signatures (images, PDFs, executables, compressed data)."""
    return data.startswith(_MAGIC) or (
        len(data) > 12 and data[4:8] == b"ftyp"
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte of its ASCII parts."""
    head = data[:4096]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if len(data) % 2 or max(even, odd) < len(head) // 8 or min(even, odd) > len(head) // 64:
        return None
    enc = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return text if _plausible(text) else None


def _plausible(text: str) -> bool:
    """Few control characters: what text looks like once decoded."""
    sample = text[:20000]
    ctrl = sum(1 for c in sample if c < " " and c not in "\t\n\r\f") if sample else 0
    return ctrl <= len(sample) // 200


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise E004 for binary data and E003 when nothing fits."""
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff"), name
            except UnicodeDecodeError as exc:
                raise ReadoutError(Errors.E003, source) from exc
    if looks_binary(data):
        raise ReadoutError(Errors.E004, source)
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise ReadoutError(Errors.E004, source)
        return text, "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"  # fast path: most files are UTF-8
    except UnicodeDecodeError:
        pass
    if m := _DECLARED.search(data, 0, 4096):
        declared = m.group(1).decode("ascii").lower()
        codec = _SUPERSET.get(declared, declared)
        try:
            text = data.decode(codec)
            if _plausible(text):
                return text, codecs.lookup(codec).name
        except (LookupError, UnicodeDecodeError):
            pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=list(_CANDIDATES)).best()
    if best is None:
        log.debug("%s: no candidate encoding fits", source)
        raise ReadoutError(Errors.E003, source)
    text = str(best)
    if not _plausible(text):
        raise ReadoutError(Errors.E004, source)
    return text, best.encoding.replace("_", "-")
