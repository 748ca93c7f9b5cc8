"""Publication dates from metadata values, file names and the ``--pub-date`` argument."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import PurePosixPath

from readout.errors import Errors, ReadoutError

_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
# Metadata values: 2022-10-28, 2022/10/28 19:00, 2022年10月28日, 20221028, 2022-10-28T19:00:00+08:00
_VALUE_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})(?:([-/.年])\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|(\d{2})(\d{2}))(?!\d)"
)
_ARG_DATE = re.compile(r"\s*((?:19|20)\d{2})([-/.]?)(\d{1,2})\2(\d{1,2})\s*")


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def date_from_filename(name: str) -> str | None:
    """The first valid yyyymmdd / yyyy-mm-dd / yyyy_mm_dd date in a file name (not its folders)."""
    base = PurePosixPath(str(name).replace("\\", "/").split("!")[-1].split("#")[0]).name
    for m in _FILENAME_DATE.finditer(base):
        if d := _iso(m.group(1), m.group(3), m.group(4)):
            return d
    return None


def parse_date(value: object) -> str | None:
    """An ISO date from a metadata value (string or epoch seconds/milliseconds), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        ts = float(value) / (1000 if value > 1e11 else 1)
        try:
            return _dt.datetime.fromtimestamp(ts, _dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    m = _VALUE_DATE.search(str(value))
    if not m:
        return None
    if m.group(2):
        return _iso(m.group(1), m.group(3), m.group(4))
    return _iso(m.group(1), m.group(5), m.group(6))


def validate_pub_date(value: str | None) -> str | None:
    """Normalise a user-given publication date to ISO; raise E009 when it is not a date."""
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    m = _ARG_DATE.fullmatch(str(value))
    d = _iso(m.group(1), m.group(3), m.group(4)) if m else None
    if d is None:
        raise ReadoutError(Errors.E009, value=value)
    return d
