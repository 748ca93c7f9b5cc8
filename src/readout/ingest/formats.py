"""Which format a decoded file is, and how it splits into stories.

Formats are detected from the content; the file extension is only a hint (a
``.json`` that does not parse is an error, a ``.txt`` that parses as JSON is JSON).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from readout.errors import Errors, ReadoutError
from readout.ingest.dates import parse_date
from readout.ingest.html import has_markup, is_full_page

JSON_EXT = frozenset({".json", ".jsonl", ".ndjson"})
MD_EXT = frozenset({".md", ".markdown", ".mdown"})
HTML_EXT = frozenset({".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp"})

_STORY = re.compile(r"^###[ \t]+(\S[^\n]*?)[ \t]*$", re.M)
_HEADING_1_3 = re.compile(r"^#{1,3}[ \t]+\S", re.M)
_TEXT_KEYS = ("text", "content", "body", "article", "articlebody", "article_body", "maintext", "fulltext", "正文", "内容")
_TITLE_KEYS = ("title", "headline", "标题", "题目")
_DATE_KEYS = (
    "pub_date", "pubdate", "publish_date", "publishdate", "published", "published_at",
    "publication_date", "datepublished", "date", "datetime", "time", "日期", "发布时间",
)  # fmt: skip
_CONTAINER_KEYS = ("records", "items", "data", "articles", "docs", "documents", "stories", "results")


@dataclass(slots=True)
class Story:
    """One story found in a file, before dates and encodings are attached."""

    raw_text: str
    raw_bytes: bytes | None  # None: the whole file's bytes
    format: str
    markup: str = "text"
    title: str | None = None
    pub_date: str | None = None  # from metadata
    suffix: str = ""  # "#n" for multi-story files


def extension(source: str) -> str:
    name = source.split("!")[-1].split("#")[0]
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def _seed_like(text: str) -> bool:
    """A plain title line followed by an HTML body (the seed roundup format)."""
    nl = text.find("\n")
    if nl == -1 or "<" in text[:nl]:
        return False
    rest = text[nl + 1 : nl + 2001].lstrip()
    return rest.startswith("<") and has_markup(rest)


def detect(text: str, source: str) -> str:
    """One of "json", "markdown", "html", "seed", "text"."""
    ext = extension(source)
    head = text.lstrip()[:1]
    if ext in JSON_EXT or (head in "{[" and head and _parses_as_json(text)):
        return "json"
    if is_full_page(text):
        return "html"
    if ext in MD_EXT or len(_STORY.findall(text, 0, 200000)) >= 2:
        return "markdown"
    if _seed_like(text):
        return "seed"
    if head == "<" and has_markup(text):
        return "html"
    return "text"


def _parses_as_json(text: str) -> bool:
    s = text.strip()
    try:
        json.loads(s)
        return True
    except ValueError:
        first = s.split("\n", 1)[0]
        try:
            return isinstance(json.loads(first), dict)
        except ValueError:
            return False


def markdown_stories(text: str) -> list[Story]:
    """One story per ``### `` heading, up to the next heading of level 1–3."""
    starts = [m for m in _STORY.finditer(text)]
    if not starts:
        return [Story(text, None, "markdown")]
    preamble_date = parse_date(text[: starts[0].start()][:2000])
    bounds = [m.start() for m in _HEADING_1_3.finditer(text)] + [len(text)]
    out = []
    for i, m in enumerate(starts, 1):
        end = next(b for b in bounds if b > m.start())
        raw = text[m.start() : end]
        out.append(
            Story(raw, raw.encode("utf-8"), "markdown", title=m.group(1), pub_date=preamble_date, suffix=f"#{i}")
        )
    if len(out) == 1:
        out[0].suffix = ""
    return out


def _field(obj: dict, keys: tuple[str, ...]) -> object:
    low = {str(k).lower(): v for k, v in obj.items()}
    for k in keys:
        v = low.get(k)
        if v not in (None, "", []):
            return v
    return None


def _as_text(v: object) -> str:
    if isinstance(v, list):
        return "\n".join(_as_text(x) for x in v)
    return v if isinstance(v, str) else "" if v is None else str(v)


def json_stories(text: str, source: str) -> Iterator[Story | ReadoutError]:
    """One story per JSON object (a list, a wrapped list, one object, or JSON Lines)."""
    s = text.strip()
    try:
        obj = json.loads(s)
        rows: list[object] = obj if isinstance(obj, list) else [obj]
        if isinstance(obj, dict) and _field(obj, _TEXT_KEYS) is None:
            inner = _field(obj, _CONTAINER_KEYS)
            if isinstance(inner, list):
                rows = inner
    except ValueError as whole:
        rows = []
        for i, line in enumerate(s.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                rows.append(ReadoutError(Errors.E006, f"{source}:{i}", detail=f"line {i}: {exc}"))
        if all(isinstance(r, ReadoutError) for r in rows) or len(rows) < 2:
            raise ReadoutError(Errors.E006, source, detail=str(whole)) from whole
    multi = len(rows) > 1
    if multi and not any(isinstance(r, dict) and _as_text(_field(r, _TEXT_KEYS)).strip() for r in rows):
        # Labels, indexes, metadata: one rejection for the file, not one per line.
        raise ReadoutError(Errors.E011, source, n=len(rows))
    for n, row in enumerate(rows, 1):
        suffix = f"#{n}" if multi else ""
        if isinstance(row, ReadoutError):
            yield row
            continue
        if not isinstance(row, dict):
            yield ReadoutError(Errors.E006, source + suffix, detail=f"record {n} is not an object")
            continue
        body = _as_text(_field(row, _TEXT_KEYS)).strip("\n")
        if not body.strip():
            yield ReadoutError(Errors.E006, source + suffix, detail=f"record {n} has no text/content/body field")
            continue
        title = _as_text(_field(row, _TITLE_KEYS)).strip() or None
        if title:
            title = " ".join(title.split())
        date = parse_date(_field(row, _DATE_KEYS))
        first = body.lstrip().split("\n", 1)[0].strip()
        raw = body if not title or first == title else f"{title}\n\n{body}"
        canon = json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8")
        markup = "html" if has_markup(body) else "text"
        yield Story(raw, canon, "json", markup, title, date, suffix)
