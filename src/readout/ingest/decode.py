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
from typing import NamedTuple

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
    b"SQLite format 3\x00",  # a store (or any database) is never report text
)

# The legacy encodings charset-normalizer may choose from. Chinese press files come
# in the first four; single-byte Western code pages are left out on purpose, since
# any byte string "decodes" in them and the result would be garbage, not an error.
_CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs", "hz", "euc_jp", "shift_jis", "cp932", "euc_kr", "cp949")


# A declared charset (HTML <meta>, XML prolog) is a hint worth one strict try.
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_-]{2,20})""", re.I)
# Declared names that are subsets of a wider codec: decode with the superset.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "big5": "cp950"}


_SURROGATE = re.compile("[\ud800-\udfff]")


def display_name(name: str) -> str:
    """A path or member name as a storable string: bytes that were not UTF-8 (held by Python as lone
    surrogates) become U+FFFD, which SQLite, JSON and the web page can all carry."""
    return _SURROGATE.sub("\ufffd", name)


def looks_binary(data: bytes) -> bool:
    """True for known binary signatures (images, PDFs, executables, compressed data, SQLite files)."""
    return data.startswith(_MAGIC) or (
        len(data) > 12 and data[4:8] == b"ftyp"
    )


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int = 0  # bytes that were not valid in ``encoding`` and became U+FFFD


# What decoded text looks like: CJK ideographs, CJK and full-width punctuation, printable ASCII, whitespace.
_TEXTLIKE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e\u2010-\u2027\x20-\x7e\t\n\r\u00b7]")
# Sentence and line ends: every real text has them, every few dozen characters.
_STOPS = re.compile(r"[\u3002\uff0c\u3001\uff1b\uff1a\uff01\uff1f,.;:!?\n]")


def _textlike_share(text: str) -> float:
    """How much of ``text`` reads as Chinese or ASCII prose: 0 unless it has punctuation and varied characters."""
    sample = text[:20000]
    if not sample or len(_STOPS.findall(sample)) * 200 < len(sample) or len(set(sample)) < min(8, len(sample) // 4):
        return 0.0
    return len(_TEXTLIKE.findall(sample)) / len(sample)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: the byte order whose strict decode reads as Chinese or ASCII text.

    ASCII parts show NULs in every other byte, but a page of Chinese has none, so both
    byte orders are decoded and judged by how text-like they read. Text in another
    encoding read as UTF-16 breaks strict decoding (lone surrogates) or reads as
    scattered Hangul and symbols.
    """
    if len(data) % 2 or len(data) < 4:
        return None
    best, share = None, 0.0
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        s = _textlike_share(text)
        if s > share:
            best, share = Decoded(text, enc), s
    return best if best is not None and share >= 0.95 and _plausible(best.text) else None


def _plausible(text: str) -> bool:
    """Few control characters: what text looks like once decoded."""
    sample = text[:20000]
    ctrl = sum(1 for c in sample if c < " " and c not in "\t\n\r\f") if sample else 0
    return ctrl <= len(sample) // 200


_LEAD_BYTES = bytes(range(0xC2, 0xF5))


def _lenient_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad bytes (a stray 0xFF, a cut last character): replaced, counted.

    Only when the rest is clearly UTF-8: valid multi-byte characters outnumber the bad
    bytes ten to one. A GBK file fails that at once, since nearly every Chinese
    character in it is an invalid UTF-8 sequence.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if bad <= 0:
        return None
    multibyte = len(data) - len(data.translate(None, _LEAD_BYTES))  # lead bytes, valid or not
    if multibyte - bad < 10 * bad or bad > 64:
        return None
    return Decoded(text, "utf-8", bad)


def decode(data: bytes, source: str) -> Decoded:
    """Return ``(text, encoding, replaced)``; raise E004 for binary data and E003 when nothing fits."""
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec).lstrip("\ufeff"), name)
            except UnicodeDecodeError:
                text = data.decode(codec, "replace").lstrip("\ufeff")
                bad = text.count("\ufffd")
                if bad > max(8, len(text) // 1000):
                    raise ReadoutError(Errors.E003, source) from None
                return Decoded(text, name, bad)
    if looks_binary(data):
        raise ReadoutError(Errors.E004, source)
    if b"\x00" in data:  # NULs: UTF-16 with ASCII in it, or binary
        if (utf16 := _utf16_without_bom(data)) is not None:
            return utf16
        raise ReadoutError(Errors.E004, source)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")  # fast path: most files are UTF-8
    except UnicodeDecodeError:
        pass
    if m := _DECLARED.search(data, 0, 4096):
        declared = m.group(1).decode("ascii").lower()
        codec = _SUPERSET.get(declared, declared)
        try:
            text = data.decode(codec)
            if _plausible(text):
                return Decoded(text, codecs.lookup(codec).name)
        except (LookupError, UnicodeDecodeError):
            pass
    if (utf16 := _utf16_without_bom(data)) is not None:  # UTF-16 of Chinese alone has no NULs
        return utf16
    if (lenient := _lenient_utf8(data)) is not None:
        return lenient
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=list(_CANDIDATES)).best()
    if best is None:
        log.debug("%s: no candidate encoding fits", source)
        raise ReadoutError(Errors.E003, source)
    text = str(best)
    if not _plausible(text):
        raise ReadoutError(Errors.E004, source)
    return Decoded(text, best.encoding.replace("_", "-"))
