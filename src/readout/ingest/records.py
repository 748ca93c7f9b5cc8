"""Record mappings: where the stories are in a JSON / JSON Lines file, and which fields hold what.

A mapping names, as dotted paths, the list of records (``videoList``; empty = the
file's top level, or its lines for JSON Lines) and, inside each record, the fields
holding the text, title, date, id and URL (``video_detail.content``). A path step
that is a number indexes a list (``items.0.text``). Each field may list several
paths; the first that gives a non-empty value wins.

Mappings come from command-line options (``--records``, ``--text``, …), from a small
profile file (TOML or JSON with the same keys, ``--profile FILE``), or from the
built-in profiles, which are detected from the content: ``xwlb`` (the 新闻联播 day
files of github.com/china-data/xwlb, as the broadcaster's API returns them). With no
mapping and no profile detected, well-known key names are tried (``text``,
``content``, ``body``, ``title``, ``pub_date``, …; ``GENERIC``). docs/ingest.md has
examples.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from readout.errors import Errors, ReadoutError

__all__ = ["GENERIC", "PROFILES", "RecordMap", "detect", "explain", "field_paths", "from_options", "get", "load_profile",
           "read_record", "records_of"]

Paths = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RecordMap:
    """Where the records are and which fields hold a story's parts (dotted paths, first hit wins)."""

    name: str = "custom"
    records: Paths = ("",)  # "" = the top level: a list of records, or one record
    text: Paths = ()
    title: Paths = ()
    date: Paths = ()
    id: Paths = ()
    url: Paths = ()
    detect: Paths = ()  # built-in profiles: top-level paths that must all exist for auto-detection
    containers: bool = False  # the generic reader: a top-level object without text may wrap the records

    def describe(self, part: str) -> str:
        """The paths of one part, for messages: ``video_detail.content`` or ``text/content/body/…``."""
        paths = getattr(self, part)
        return "/".join(paths[:4]) + ("/…" if len(paths) > 4 else "")

    def over(self, base: RecordMap) -> RecordMap:
        """This mapping, with the parts it leaves empty taken from ``base``."""
        return replace(self, **{f.name: getattr(base, f.name) for f in fields(self)
                                if f.name in _PARTS and not getattr(self, f.name)})


_PARTS = ("text", "title", "date", "id", "url")

GENERIC = RecordMap(
    name="generic",
    records=("", "records", "items", "data", "articles", "docs", "documents", "stories", "results"),
    text=("text", "content", "body", "article", "articlebody", "article_body", "maintext", "fulltext", "正文", "内容"),
    title=("title", "headline", "标题", "题目"),
    date=("pub_date", "pubdate", "publish_date", "publishdate", "published", "published_at", "publication_date",
          "datepublished", "date", "datetime", "time", "日期", "发布时间"),
    id=("id", "guid", "uuid", "doc_id", "article_id"),
    url=("url", "link", "href", "source_url", "permalink"),
    containers=True,
)

PROFILES: dict[str, RecordMap] = {
    # github.com/china-data/xwlb assets/YYYY/YYYYMMDD.json: {"total", "serverTime", "videoList": [...]},
    # each item {video_id, video_title ("[视频]…"), video_url, pub_date, video_detail: {content (HTML), …}}.
    "xwlb": RecordMap(name="xwlb", records=("videoList",), text=("video_detail.content",), title=("video_title",),
                      date=("pub_date", "video_detail.pubtime"), id=("video_id",), url=("video_url",),
                      detect=("videoList",)),
}


def get(obj: object, path: str) -> object:
    """The value at a dotted path (``""`` = ``obj`` itself); None when a step is missing.

    A key matches exactly, else case-insensitively; a numeric step indexes a list.
    """
    if not path:
        return obj
    for step in path.split("."):
        if isinstance(obj, dict):
            if step in obj:
                obj = obj[step]
                continue
            low = step.lower()
            obj = next((v for k, v in obj.items() if str(k).lower() == low), None)
        elif isinstance(obj, list) and step.lstrip("-").isdigit() and -len(obj) <= int(step) < len(obj):
            obj = obj[int(step)]
        else:
            return None
        if obj is None:
            return None
    return obj


def first(obj: object, paths: Paths) -> object:
    """The first non-empty value among ``paths`` (None if none)."""
    for p in paths:
        v = get(obj, p)
        if v not in (None, "", [], {}):
            return v
    return None


def records_of(obj: object, m: RecordMap) -> tuple[list[object], str | None]:
    """The records of a parsed file under ``m``, and the path they were found at (None: nowhere).

    At the top level (path ``""``) a list is the records and an object is one record; the
    generic reader takes an object without text as a wrapper and looks in its
    container keys (``records``, ``items``, ``data``, …).
    """
    for path in m.records:
        v = get(obj, path)
        if isinstance(v, list):
            return v, path
        if isinstance(v, dict) and (not m.containers or first(v, m.text) is not None):
            return [v], path
    if m.containers:  # no wrapper found: the object is the one record (the caller names its fields)
        return [obj], ""
    return [], None


def detect(obj: object) -> RecordMap | None:
    """The built-in profile whose ``detect`` paths the parsed file has, if any."""
    if not isinstance(obj, dict):
        return None
    for prof in PROFILES.values():
        if prof.detect and all(get(obj, p) is not None for p in prof.detect):
            return prof
    return None


def field_paths(obj: object, limit: int = 24) -> list[str]:
    """Dotted paths of the fields a record (or a whole file) has, lists as ``name[]``, for error messages."""
    out: list[str] = []

    def walk(o: object, prefix: str, depth: int) -> Iterator[str]:
        if isinstance(o, dict):
            for k, v in o.items():
                p = f"{prefix}.{k}" if prefix else str(k)
                if isinstance(v, dict | list) and depth < 5 and v:
                    yield from walk(v, p, depth + 1)
                else:
                    yield p
        elif isinstance(o, list):
            item = next((x for x in o if isinstance(x, dict)), None)
            yield from walk(item, prefix + "[]", depth + 1) if item is not None else iter([prefix + "[]"])

    for p in walk(obj, "", 0):
        out.append(p)
        if len(out) >= limit:
            out.append("…")
            break
    return out


def explain(row: object, path: str) -> str:
    """Why ``path`` gives nothing in ``row``: the first step that is missing, null or empty, and what is there."""
    obj: object = row
    done: list[str] = []
    for step in path.split("."):
        v = get(obj, step)
        here = ".".join(done) or "the record"
        if v is None:
            if isinstance(obj, dict) and not any(str(k).lower() == step.lower() for k in obj):
                keys = ", ".join(map(str, list(obj)[:10])) + (", …" if len(obj) > 10 else "")
                return f"{here} has no {step!r} (it has {keys or 'nothing'})"
            return f"{'.'.join([*done, step])} is null"
        done.append(step)
        obj = v
    return f"{path} is {'empty' if obj in ('', [], {}) else 'only markup or blanks'}"


_KEYS = ("records", "text", "title", "date", "id", "url")


def from_options(base: RecordMap | None = None, **parts: str | tuple[str, ...] | None) -> RecordMap | None:
    """A mapping from command-line options (``records=``, ``text=``, …), over a profile ``base``; None if nothing is set."""
    given: dict[str, Any] = {k: _paths(v) for k, v in parts.items() if v}
    unknown = set(given) - set(_KEYS)
    if unknown:
        raise ReadoutError(Errors.E013, name="options", detail=f"unknown part(s) {', '.join(sorted(unknown))}")
    if not given:
        return base
    m = replace(base or RecordMap(), **given)
    return m if base else m.over(GENERIC)


def _paths(v: object) -> Paths:
    if isinstance(v, str):
        return (v.strip(),)
    if isinstance(v, list | tuple) and all(isinstance(x, str) for x in v):
        return tuple(x.strip() for x in v)
    raise TypeError(v)


def load_profile(spec: str | Path) -> RecordMap:
    """A built-in profile by name (``xwlb``), or a profile file (``.toml`` or ``.json``). Raises E013."""
    if str(spec) in PROFILES:
        return PROFILES[str(spec)]
    path = Path(spec)
    if not path.is_file():
        raise ReadoutError(Errors.E013, name=str(spec), detail=f"no such file, and the built-in profiles are "
                                                          f"{', '.join(PROFILES)}")
    try:
        raw = path.read_bytes()
        if path.suffix.lower() == ".json":
            data = json.loads(raw)
        else:
            import tomllib

            data = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReadoutError(Errors.E013, name=str(spec), detail=str(exc)) from exc
    if not isinstance(data, dict):
        raise ReadoutError(Errors.E013, name=str(spec), detail="expected a table of keys")
    unknown = set(data) - set(_KEYS) - {"name"}
    if unknown:
        raise ReadoutError(Errors.E013, name=str(spec), detail=f"unknown key(s) {', '.join(sorted(unknown))}; "
                                                          f"keys are name, {', '.join(_KEYS)}")
    try:
        parts: dict[str, Any] = {k: _paths(v) for k, v in data.items() if k in _KEYS}
    except TypeError as exc:
        raise ReadoutError(Errors.E013, name=str(spec), detail=f"{exc.args[0]!r} is not a dotted path or a list of them") from exc
    if not parts.get("text"):
        raise ReadoutError(Errors.E013, name=str(spec), detail="a profile needs at least `text`")
    return RecordMap(name=str(data.get("name") or path.stem), **parts).over(GENERIC)


@dataclass(slots=True)
class Fields:
    """One record's parts as found by a mapping."""

    text: object = None
    title: object = None
    date: object = None
    id: object = None
    url: object = None


def read_record(row: dict, m: RecordMap) -> Fields:
    """The parts of one record under ``m``."""
    return Fields(*(first(row, getattr(m, p)) for p in _PARTS))
