"""The document model: one clean text, and stand-off annotations pointing into it.

Every annotation carries ``start``/``end`` character offsets into ``Document.text``
and the surface ``text`` they cover, so ``doc.text[a.start:a.end] == a.text``
always holds. Normalised values (ISO dates, standard region names, simplified
names, canonical formulations) sit beside the surface form, never instead of it.

``Document.to_dict()`` is the JSON contract described in ``docs/format.md``.
"""

from __future__ import annotations

import types
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

FORMAT_VERSION = "1.0"


@dataclass(slots=True)
class Span:
    """A stretch of ``Document.text``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class RegionRef:
    """A resolved place: the standard full name and GB/T 2260 code beside the surface span.

    ``name`` is a province-level unit's standard name, ``"全国"`` for central/national
    activities, or a country name for events abroad (``code`` is then ``None``).
    ``start``/``end``/``text`` point at the words that gave it away; when the region
    was inherited (e.g. from the section) they point at that earlier mention.
    """

    name: str
    code: str | None
    text: str
    start: int
    end: int


@dataclass(slots=True)
class RegionMention:
    """A gazetteer hit: any administrative unit named in the text."""

    start: int
    end: int
    text: str
    name: str  # full standard name of the unit itself (湖州市)
    code: str  # its GB/T 2260 code
    level: str  # "province" | "prefecture" | "county" | "country" | "national"
    province: str  # full name of the province-level unit it belongs to (浙江省)
    province_code: str | None


@dataclass(slots=True)
class DateMention:
    """A date expression, resolved to ISO form (``date_end`` for ranges)."""

    start: int
    end: int
    text: str
    date: str | None  # ISO yyyy-mm-dd; None when it could not be resolved
    date_end: str | None = None
    precision: str = "day"  # "day" | "month" | "year"
    inferred: str = ""  # what supplied the missing parts: "", "context", "pub_date", "relative"


@dataclass(slots=True)
class Section:
    """A part of the document about one region (a roundup has one per region)."""

    start: int
    end: int
    text: str
    region: RegionRef | None


# What a post is to its holder where the text names it: held now, held before
# (原/时任/前…, 不再担任/免去), or given to them by the notice or vote being reported
# (任/当选/提名为/决定任命). A tenure roster reads it: a former post says nothing of today.
POST_STATUSES = ("current", "former", "appointed")


@dataclass(slots=True)
class Post:
    """One post as written ("省委副书记"), with ``value`` normalised (simplified, 原/时任 dropped).

    ``status`` is one of ``POST_STATUSES``.
    """

    start: int
    end: int
    text: str
    value: str
    political: bool = True
    status: str = "current"


@dataclass(slots=True)
class Mention:
    """One place where an official is named, with the posts written beside it there."""

    start: int
    end: int
    text: str
    posts: list[Post] = field(default_factory=list)


@dataclass(slots=True)
class Official:
    """A person named with at least one post; ``name`` is simplified."""

    name: str
    posts: list[str]
    political: bool
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Attendee:
    """An official present at an event, pointing at the mention that says so."""

    name: str
    posts: list[str]
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Event:
    """A day-dated activity: a meeting, an inspection or another activity."""

    start: int
    end: int
    text: str  # the sentence that reports it
    date: str | None
    date_end: str | None
    kind: str  # "meeting" | "inspection" | "other"
    title: Span | None
    region: RegionRef | None
    date_span: Span | None = None
    officials: list[Attendee] = field(default_factory=list)

    @property
    def leader(self) -> str | None:
        return self.officials[0].name if self.officials else None


@dataclass(slots=True)
class Statement:
    """Who said what: ``start``/``end``/``text`` cover what was said."""

    start: int
    end: int
    text: str
    speaker: str
    verb: Span
    speaker_span: Span


@dataclass(slots=True)
class Formulation:
    """A political formulation (提法) as written; ``value`` is its canonical form."""

    start: int
    end: int
    text: str
    value: str
    kind: str  # "quoted" | "numbered" | "parallel" | "lexicon"


@dataclass(slots=True)
class Document:
    """One report: its clean text and everything extracted from it."""

    id: str
    source: str | None
    title: str
    pub_date: str | None
    text: str
    pub_date_origin: str | None = None  # "metadata" | "filename" | "argument" | "text" | None
    encoding: str = "utf-8"
    format: str = "text"
    clean_title: str = ""  # the title without the broadcaster's leading tags ("[视频]"); a suffix of ``title``
    url: str | None = None  # the story's own address, when its container gives one
    record_id: str | None = None  # the container's id for the story (xwlb video_id)
    raw_offsets: list[tuple[int, int, int, int]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    formulations: list[Formulation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # read, but not exactly as written ("... [W001]")

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (``docs/format.md``)."""
        d = asdict(self)
        d["format_version"] = FORMAT_VERSION
        d["raw_offsets"] = [list(seg) for seg in self.raw_offsets]
        for ev, out in zip(self.events, d["events"]):
            out["leader"] = ev.leader
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """The inverse of ``to_dict``: derived from the field types, so a new field needs no code here."""
        doc = _build(cls, d)
        assert isinstance(doc, Document)
        return doc

    def spans(self) -> list[tuple[str, int, int, str]]:
        """Every (kind, start, end, text) annotation, for provenance checks and highlighting."""
        out: list[tuple[str, int, int, str]] = []
        for s in self.sections:
            out.append(("section", s.start, s.end, s.text))
            if s.region:
                out.append(("region", s.region.start, s.region.end, s.region.text))
        for d in self.dates:
            out.append(("date", d.start, d.end, d.text))
        for r in self.regions:
            out.append(("region", r.start, r.end, r.text))
        for e in self.events:
            out.append(("event", e.start, e.end, e.text))
            for sp in (e.title, e.date_span):
                if sp:
                    out.append(("event", sp.start, sp.end, sp.text))
            if e.region:
                out.append(("region", e.region.start, e.region.end, e.region.text))
            for a in e.officials:
                out.append(("official", a.start, a.end, a.text))
        for o in self.officials:
            for m in o.mentions:
                out.append(("official", m.start, m.end, m.text))
                for p in m.posts:
                    out.append(("post", p.start, p.end, p.text))
        for st in self.statements:
            out.append(("statement", st.start, st.end, st.text))
            out.append(("verb", st.verb.start, st.verb.end, st.verb.text))
            out.append(("speaker", st.speaker_span.start, st.speaker_span.end, st.speaker_span.text))
        for f in self.formulations:
            out.append(("formulation", f.start, f.end, f.text))
        return out

    def verify(self) -> None:
        """Raise ``ReadoutError`` E021 unless every span is exactly the text it claims
        (``text[start:end] == span.text``) and the raw-offset map covers the text in order,
        each segment's raw start at or before its raw end."""
        from readout.errors import Errors, ReadoutError

        text = self.text
        for kind, start, end, surface in self.spans():
            if not (0 <= start <= end <= len(text)) or text[start:end] != surface:
                raise ReadoutError(Errors.E021, self.source, what=kind, start=start, end=end)
        pos = 0
        for cs, ce, rs, re_ in self.raw_offsets:
            if cs != pos or ce < cs or re_ < rs or rs < 0:
                raise ReadoutError(Errors.E021, self.source, what="raw offset", start=rs, end=re_)
            pos = ce
        if self.raw_offsets and pos != len(text):
            raise ReadoutError(Errors.E021, self.source, what="raw offset", start=pos, end=len(text))

    def raw_offset(self, i: int) -> int:
        """Map a clean-text offset back to a character offset in the decoded raw input."""
        segs = self.raw_offsets
        lo, hi = 0, len(segs)
        while lo < hi:
            mid = (lo + hi) // 2
            if segs[mid][1] <= i:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(segs):
            if not segs:
                return i
            cs, ce, rs, re_ = segs[-1]
            return re_ + (i - ce)
        cs, ce, rs, re_ = segs[lo]
        if i < cs:
            return rs
        if ce - cs == re_ - rs:
            return rs + (i - cs)
        return rs  # a replaced stretch (an entity, a tag) maps to where it starts


@dataclass(slots=True)
class Rejected:
    """A document that could not be read, with a reason code from ``readout.errors``."""

    source: str
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "code": self.code, "message": self.message}


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _build(tp: Any, value: Any) -> Any:
    """``value`` (parsed JSON) as an instance of the annotated type ``tp``; extra keys (``leader``) are ignored."""
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in get_args(tp) if a is not type(None)]
        return _build(inner, value)
    if origin is list:
        (item,) = get_args(tp)
        return [_build(item, v) for v in value]
    if origin is tuple:
        return tuple(value)
    if is_dataclass(tp) and isinstance(tp, type):
        hints = _hints(tp)
        return tp(**{f.name: _build(hints[f.name], value[f.name]) for f in fields(tp) if f.name in value})
    return value
