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
from readout.ingest import records
from readout.ingest.dates import parse_date
from readout.ingest.html import has_markup, is_full_page

JSON_EXT = frozenset({".json", ".jsonl", ".ndjson"})
MD_EXT = frozenset({".md", ".markdown", ".mdown"})
HTML_EXT = frozenset({".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp"})

_STORY = re.compile(r"^###[ \t]+(\S[^\n]*?)[ \t]*$", re.M)
_HEADING_1_3 = re.compile(r"^#{1,3}[ \t]+\S", re.M)
_PROGRAMME_H1 = re.compile(r"\s*#[ \t]+[^\n]*?[（(][ \t]*((?:19|20)\d{2}[01]\d[0-3]\d)[ \t]*[）)][ \t]*$", re.M)
_DETAIL_H2 = re.compile(r"^##[ \t]+详细新闻[ \t]*$", re.M)
_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
_LINK_LINE = re.compile(r"^[ \t]*\[[^\[\]\n]*\]\((\S+?)\)[ \t]*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_PLACEHOLDERS = frozenset({"CONTENT NOTFOUND", "TITLE NOTFOUND"})  # the cctv_news scraper's "nothing found"
_EMPTY_BODY = re.compile(r"<[^>]*>|&(?:nbsp|#160|#xa0|emsp|ensp);|[\s\u3000\u200b\ufeff]+", re.I)


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
    url: str | None = None  # the story's own address, when the container gives one
    record_id: str | None = None  # the container's id for the story (xwlb video_id)


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


def _programme(text: str) -> tuple[str | None, int]:
    """A daily-programme file (github.com/yuekcc/cctv_news): its broadcast date and where its stories start.

    Its shape: ``# 《新闻联播》（20220101）``, a ``## 新闻摘要`` list of the items, then
    ``## 详细新闻`` with one ``### `` story each, each ending in a ``[查看原文](url)``
    link; a ``---`` rule and an update stamp close the file.
    """
    m = _PROGRAMME_H1.match(text)
    if not m:
        return None, 0
    detail = _DETAIL_H2.search(text, m.end())
    return parse_date(m.group(1)), detail.end() if detail else m.end()


def _story_body(raw: str, head_end: int) -> str:
    """What a story says below its heading, without link-only lines and comments."""
    return _LINK_LINE.sub("", _COMMENT.sub("", raw[head_end:])).strip()


def markdown_stories(text: str, source: str = "<markdown>") -> list[Story | ReadoutError]:
    """One story per ``### `` heading, up to the next heading of level 1–3.

    A daily-programme file (``_programme``) gives every story the broadcast date, ends
    the last story at the closing rule, and takes the story's id from its link. A story
    with nothing below its heading (or the archive's ``CONTENT NOTFOUND``) is an E012.
    """
    day, begin = _programme(text)
    starts = list(_STORY.finditer(text, begin))
    if not starts:
        return [Story(text, None, "markdown")]
    date = day or parse_date(text[: starts[0].start()][:2000])
    bounds = [m.start() for m in _HEADING_1_3.finditer(text)]
    if day:
        bounds += [m.start() for m in _RULE.finditer(text, starts[0].start())]
    bounds = sorted(bounds) + [len(text)]
    out: list[Story | ReadoutError] = []
    multi = len(starts) > 1
    for i, m in enumerate(starts, 1):
        suffix = f"#{i}" if multi else ""
        end = next(b for b in bounds if b > m.start())
        raw = text[m.start() : end].rstrip()
        body = _story_body(raw, m.end() - m.start())
        if not body or (day and body in _PLACEHOLDERS):
            what = f"only {body!r}" if body else "nothing"
            out.append(ReadoutError(Errors.E012, source + suffix, detail=f"story {i} «{m.group(1)}» has {what} below its heading"))
            continue
        links = _LINK_LINE.findall(raw)
        url = links[-1] if links else None
        rid = PurePosixPath(url.split("?")[0]).stem or None if day and url else None
        out.append(Story(raw, raw.encode("utf-8"), "markdown", title=m.group(1), pub_date=date, suffix=suffix,
                         url=url, record_id=rid))
    return out


def _as_text(v: object) -> str:
    if isinstance(v, list):
        return "\n".join(_as_text(x) for x in v)
    return v if isinstance(v, str) else "" if v is None else str(v)


def _scalar(v: object) -> str | None:
    return str(v).strip() or None if isinstance(v, str | int) and not isinstance(v, bool) else None


def _has_text(body: str) -> bool:
    """Anything left once tags, entities for blanks and blanks are gone (``<p></P>`` is empty)."""
    return bool(_EMPTY_BODY.sub("", body))


def _parse_json(s: str, source: str) -> tuple[object, list[object] | None]:
    """The whole file as one JSON value, or (None, its JSON Lines with errors in place of bad lines)."""
    try:
        return json.loads(s), None
    except ValueError as whole:
        rows: list[object] = []
        for i, line in enumerate(s.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                rows.append(ReadoutError(Errors.E006, f"{source}:{i}", detail=f"line {i}: {exc}"))
        if all(isinstance(r, ReadoutError) for r in rows) or len(rows) < 2:
            raise ReadoutError(Errors.E006, source, detail=str(whole)) from whole
        return None, rows


def _no_text(source: str, m: records.RecordMap, rows: list[object], at: str | None, whole: object) -> ReadoutError:
    """E011 for a file none of whose records has text, naming what was looked for and the fields seen."""
    if at is None:
        what = f"the file (no record list at {m.describe('records')})"
        seen = whole
    elif not rows:
        what, seen = f"the record list at {at or 'the top level'}, which is empty", whole
    else:
        what = "the JSON object" if len(rows) == 1 and at == "" else f"the {len(rows)} JSON records"
        seen = next((r for r in rows if isinstance(r, dict)), whole)
    detail = f"looked for {m.describe('text')}; saw {', '.join(records.field_paths(seen)) or 'no fields'}"
    return ReadoutError(Errors.E011, source, what=what, detail=detail)


def json_stories(text: str, source: str, mapping: records.RecordMap | None = None) -> Iterator[Story | ReadoutError]:
    """One story per JSON record: a list, a wrapped list, one object, or JSON Lines.

    ``mapping`` says where the records and their fields are (``readout.ingest.records``);
    without one a built-in profile is detected, else well-known key names are tried.
    """
    obj, lines = _parse_json(text.strip(), source)
    if lines is None:
        m = mapping or records.detect(obj) or records.GENERIC
        rows, at = records.records_of(obj, m)
    else:
        m = mapping or records.GENERIC
        rows, at = lines, ""
    found = [records.read_record(r, m) if isinstance(r, dict) else None for r in rows]
    if not any(f is not None and _has_text(_as_text(f.text)) for f in found):
        # Labels, indexes, metadata, an empty day: one rejection for the file, not one per record.
        raise _no_text(source, m, rows, at, obj)
    multi = len(rows) > 1
    for n, (row, f) in enumerate(zip(rows, found), 1):
        suffix = f"#{n}" if multi else ""
        if isinstance(row, ReadoutError):
            yield row
            continue
        if f is None:
            yield ReadoutError(Errors.E006, source + suffix, detail=f"record {n} is not an object")
            continue
        body = _as_text(f.text).strip("\n")
        if not _has_text(body):
            why = records.explain(row, m.text[0]) if m.text else "no text path"
            yield ReadoutError(Errors.E012, source + suffix, detail=f"record {n}: {why}")
            continue
        title = " ".join(_as_text(f.title).split()) or None
        first = body.lstrip().split("\n", 1)[0].strip()
        raw = body if not title or first == title else f"{title}\n\n{body}"
        canon = json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")
        markup = "html" if has_markup(body) else "text"
        yield Story(raw, canon, "json", markup, title, parse_date(f.date), suffix, _scalar(f.url), _scalar(f.id))
