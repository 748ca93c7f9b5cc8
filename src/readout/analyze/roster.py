"""The tenure roster: who held which office when, from the posts beside names, notices and career summaries.

**Evidence.** Every political post written beside a name (``official_posts``) is read as an
office (``readout.analyze.offices``: jurisdiction from the post's own words, else its chain
or context) and dated by its report (publication date, else the date of its section's
event). Its status says what it shows: ``current`` (held then), ``former`` (原/前: held
before, so the tenure had ended), ``then`` (时任: held at the time the text speaks of, which
says nothing of the present). Appointment and removal notices (``readout.extract.notices``:
任, 任命…为, 当选, 免去…职务, 不再担任…职务) add ``appointed``/``elected`` and ``removed``.
Career summaries (``readout.extract.careers``: 简历 lines ``2002-2007年 浙江省委书记``, Xinhua's
``2002.10—2007.03``, 历任 lists, 现任) add ``began`` and ``ended``: the consecutive lines of one
record holding one office make one run, begun at its first line's start and ended at its last
line's end (none when the last line is open: ``2013年起``). Their dates keep the precision
written (``2002``, ``2002-10``); a 历任 list, like the posts an indictment says a defendant held
(被告人苏荣利用其担任中共青海省委书记…等职务上的便利), says only that its posts were held (``then``).

**Spans.** One person's evidence for one office, in date order, becomes tenures: an
appointment, a record's start or a first sighting opens one, a removal or a record's end closes
it (a later appointment opens the next), a 原/前 sighting after the last current one bounds its
end. A record's year or month is the tenure's start or end as written (``start_kind``/``end_kind``
``career``); a notice dated within it gives the day. Dates of different precision are compared at
the coarser one: a tenure that ended in ``2007`` covers every day of 2007 (``roster(on=…)``), and
one person's offices in two provinces over ``2002``–``2007`` and ``2007``–``2007`` do not
overlap. For offices with one holder at a time (party secretary, governor, minister …) a tenure
left open ends no later than the next holder's first evidence (``succeeded``; a record's 2012
counts from the first sighting within 2012), and a local office ends no later than the same
person's start in another province (``moved``): both are upper bounds, the notice that would
date the end exactly being absent. Each tenure keeps its start and end
with their kinds, its first and last dated evidence, and every piece of evidence (a span
of a document) links to it.

**Namesakes.** People who share a name are kept apart by office and time: a name's
tenures are put together as one person unless two of them are local offices in different
provinces held at the same time (more than ``CLASH_DAYS`` apart from overlapping), which
one person cannot do.

``update_roster`` stores all this (``readout analyze``), reading only the documents added
since its last run and rebuilding only the people and offices they touch.
"""

from __future__ import annotations

import re
import sqlite3
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date as _date
from typing import Any

from readout.analyze._db import DB, opened
from readout.analyze.offices import SINGLE_HOLDER, Context, Office, read_post
from readout.extract.careers import CareerLine, find_careers, find_held
from readout.extract.regions import find_regions
from readout.store.places import NATIONAL, resolve

__all__ = ["Evidence", "Tenure", "collect_evidence", "build_tenures", "update_roster", "roster", "career",
           "CLASH_DAYS"]

CLASH_DAYS = 60  # local offices in two provinces overlapping longer than this are two people
NEAR = 80  # characters before a bare post (省委书记) where the place it belongs to may be named
_BATCH = 2000  # documents read per query batch
_TRIGGERS = ("同志任", "同志担任", "同志出任", "同志兼任", "同志代理", "不再担任", "不再兼任", "不再代理", "免去", "任命", "当选")
# a career summary (readout.extract.careers) is written near one of these; an indictment names its 被告人
_CAREER_TRIGGERS = ("简历", "历任", "生平", "被告人")
_HELD = frozenset({"current", "appointed", "elected"})  # evidence dated at a time the office was held


@dataclass(slots=True)
class Evidence:
    name: str
    official_id: int | None
    office: Office
    status: str  # current | then | former | appointed | elected | removed | began | ended
    acting: bool
    source: str  # post | notice | career
    how: str  # words | chain | context | central
    date: str | None
    document_id: str
    doc_no: int
    post_id: int | None
    start: int
    end: int
    text: str
    tenure: Tenure | None = None


@dataclass(slots=True)
class Tenure:
    name: str
    official_id: int | None
    office: Office
    person: int = 1
    start: str | None = None
    start_kind: str | None = None
    end: str | None = None
    end_kind: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    acting: bool = True

    @property
    def lo(self) -> str | None:
        return self.start or self.first_seen

    @property
    def hi(self) -> str | None:
        return self.end or self.last_seen

    def add(self, ev: Evidence) -> None:
        self.evidence.append(ev)
        ev.tenure = self
        self.acting = self.acting and ev.acting
        if self.official_id is None:
            self.official_id = ev.official_id
        if ev.date and ev.status in _HELD:  # 原/时任 posts say the office was held some other time
            self.first_seen = min(self.first_seen or ev.date, ev.date)
            self.last_seen = max(self.last_seen or ev.date, ev.date)

    def to_dict(self) -> dict[str, Any]:
        o = self.office
        return {"name": self.name, "person": self.person, "official_id": self.official_id, "title": o.title,
                "jurisdiction": o.jurisdiction, "code": o.code, "level": o.level, "kind": o.kind, "organ": o.organ,
                "start": self.start, "start_kind": self.start_kind, "end": self.end, "end_kind": self.end_kind,
                "first_seen": self.first_seen, "last_seen": self.last_seen, "acting": self.acting,
                "evidence": len(self.evidence), "documents": len({e.document_id for e in self.evidence})}


# -- evidence -------------------------------------------------------------------------------

def collect_evidence(conn: sqlite3.Connection, *, after_doc_no: int = 0, names: Iterable[str] | None = None,
                     progress: Callable[[str], None] | None = None) -> list[Evidence]:
    """Evidence from the documents with ``doc_no > after_doc_no`` (or, with ``names``, about these people)."""
    from readout.extract.regions import load_gazetteer

    gaz = load_gazetteer()
    out: list[Evidence] = []
    if names is not None:
        names = sorted(set(names))
        doc_nos = sorted({r[0] for n in names for r in conn.execute(
            "SELECT DISTINCT d.doc_no FROM official_mentions m JOIN documents d ON d.id = m.document_id "
            "WHERE m.name = ?", (n,))} | set(_notice_docs(conn, 0, names))
            | set(_notice_docs(conn, 0, names, _CAREER_TRIGGERS)))
    else:
        doc_nos = [r[0] for r in conn.execute("SELECT doc_no FROM documents WHERE doc_no > ? ORDER BY doc_no",
                                              (after_doc_no,))]
    notice_docs = set(_notice_docs(conn, after_doc_no, names))
    career_docs = set(_notice_docs(conn, after_doc_no, names, _CAREER_TRIGGERS))
    for i in range(0, len(doc_nos), _BATCH):
        batch = doc_nos[i:i + _BATCH]
        out += _post_evidence(conn, batch, gaz, names)
        out += _notice_evidence(conn, [d for d in batch if d in notice_docs], gaz, names)
        out += _career_evidence(conn, [d for d in batch if d in career_docs], gaz, names)
        if progress:
            progress(f"roster: {min(i + _BATCH, len(doc_nos)):,}/{len(doc_nos):,} documents read")
    return out


def _dates(conn: sqlite3.Connection, doc_nos: list[int]) -> dict[int, tuple[str, str | None]]:
    """Per document number: (id, date): its publication date, else its first dated event's."""
    marks = ",".join("?" * len(doc_nos))
    return {no: (did, pub or first) for no, did, pub, first in conn.execute(
        f"SELECT d.doc_no, d.id, d.pub_date, f.first_event_date FROM documents d LEFT JOIN document_filters f "
        f"ON f.doc_no = d.doc_no WHERE d.doc_no IN ({marks})", doc_nos)}


def _places(conn: sqlite3.Connection, doc_ids: list[str], gaz) -> dict[str, dict]:  # noqa: ANN001
    """Per document: its region mentions (start, section id, unit) in order and its sections' units."""
    marks = ",".join("?" * len(doc_ids))
    out: dict[str, dict] = defaultdict(lambda: {"starts": [], "mentions": [], "sections": {}})
    for did, sid, start, code, name in conn.execute(
            f"SELECT document_id, section_id, start, code, name FROM region_mentions WHERE document_id IN ({marks}) "
            "ORDER BY document_id, start", doc_ids):
        unit = gaz.unit(code) if code else next((u for u in gaz.all_by_name(name) if u.level == "country"), None)
        if unit is not None:
            out[did]["starts"].append(start)
            out[did]["mentions"].append((sid, unit))
    for did, sid, code in conn.execute(
            f"SELECT document_id, id, region_code FROM sections WHERE document_id IN ({marks}) AND region_code "
            "IS NOT NULL", doc_ids):
        out[did]["sections"][sid] = gaz.unit(code)
    return out


def _context(places: dict, section_id: int | None, start: int, chain: Any, section: bool = True) -> Context:
    """The places a bare post may take: its chain's, then those named up to ``NEAR`` characters before it in
    its section (nearest first), then (with ``section``) its section's region."""
    starts, mentions = places["starts"], places["mentions"]
    k = bisect_left(starts, start)
    lo = bisect_left(starts, start - NEAR)
    nearby = tuple(u for sid, u in reversed(mentions[max(lo, k - 4):k]) if sid == section_id)
    return Context(chain=chain, nearby=nearby, section=places["sections"].get(section_id) if section else None)


def _post_evidence(conn: sqlite3.Connection, doc_nos: list[int], gaz, names) -> list[Evidence]:  # noqa: ANN001
    docs = _dates(conn, doc_nos)
    ids = [did for did, _ in docs.values()]
    no_of = {did: no for no, (did, _) in docs.items()}
    places = _places(conn, ids, gaz)
    has_status = any(r[1] == "status" for r in conn.execute("PRAGMA table_info(official_posts)"))
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f'SELECT p.id, p.official_id, m.name, p.mention_id, m.section_id, p.document_id, p.start, p."end", p.text, '
        f'm.start, substr(d.text, m."end" + 1, 3), '
        f"p.value, {'p.status' if has_status else chr(39) + 'current' + chr(39)}, substr(d.text, max(1, p.start - 59), "
        "min(p.start, 60)), "
        "(SELECT e.date FROM events e WHERE e.section_id = m.section_id AND e.date IS NOT NULL ORDER BY e.seq LIMIT 1) "
        "FROM official_posts p JOIN official_mentions m ON m.id = p.mention_id JOIN documents d ON d.id = p.document_id "
        f"WHERE p.document_id IN ({marks}) AND p.political = 1 ORDER BY p.document_id, p.mention_id, p.start", ids)
    out: list[Evidence] = []
    chain_of: dict[int, Any] = {}  # mention id -> the place of its previous post
    wanted = set(names) if names is not None else None
    for pid, oid, name, mid, sid, did, s, e, text, name_start, after, value, status, before, sec_date in rows:
        if wanted is not None and name not in wanted:
            continue
        name = _known_prefix(name)
        if _place_across(text, name, gaz) or _post_as_name(name, after) or name[-1] in _UNIT_END:
            continue  # 湖南省长沙市: 长沙 read as 省长 + a name 沙市; 任总林长: 任 + a post; 长阳县: a place
        date = docs[no_of[did]][1] if docs[no_of[did]][1] else sec_date
        status = _status(status, before[-2:] + text)
        if status in ("appointed", "elected") and _looks_back(before, len(before), docs[no_of[did]][1]):
            status = "then"  # 同年10月…任命王一飞为湖南省委书记: an appointment the story recalls
        for part in _parts(value):
            # a post written after the name (林克市长) is how foreign mayors are named too: only a place
            # named near it, never the section's, gives it a jurisdiction
            ctx = _context(places[did], sid, s, chain_of.get(mid), section=s < name_start)
            read = read_post(part, ctx, gaz)
            if read is None:
                continue
            office, how = read
            if office.code:
                chain_of[mid] = gaz.unit(office.code)
            out.append(Evidence(name, oid, office, status, "代" in part, "post", how, date, did, no_of[did], pid,
                                s, e, text))
    return out


_HEAD_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}?(?:长|组长)")  # 总林长, 双组长: a post's head
_UNIT_END = frozenset("县市区")  # 阳县 (长阳县 cut by 省长): a place, not a name (洛桑江村 is a name)
_ORDINAL = re.compile(r"(?:第[一二三四五六七八九十\d]+任|首任|历任)")
_PAST_YEAR = re.compile(r"((?:19|20)\d\d)年|同年|当年|那年|次年")


def _status(status: str, written: str) -> str:
    """The stage's status, read again with the two characters before the post: 时任 (and 第一任, 首任)
    speak of a time the text looks back on (``then``), 原/前 of an office left (``former``)."""
    if _ORDINAL.search(written) or "时任" in written:
        return "then"
    if status == "current" and written[:2].endswith(("原", "前")) and not written.startswith("以前"):
        return "former"
    return status


def _known_prefix(name: str) -> str:
    """A name the officials lexicon knows that starts this one (雪克来提·扎克尔就新疆 → 雪克来提·扎克尔)."""
    from readout.extract.officials import load_names

    names = load_names().names
    if name in names or "·" not in name:
        return name
    return next((name[:k] for k in range(len(name) - 1, 3, -1) if name[:k] in names), name)


def _post_as_name(name: str, after: str) -> bool:
    """任总林长, 任双组长: the verb 任 and a post, read as a name (``after``: what follows the name)."""
    return name[:1] in "任兼" and _HEAD_AFTER.match(name[1:] + after) is not None


def _looks_back(text: str, start: int, pub: str | None) -> bool:
    """The notice's sentence dates it to another year (1927年, 同年): history the story recalls."""
    s = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    return any(m.group(1) is None or not pub or m.group(1) != pub[:4] for m in _PAST_YEAR.finditer(text, s, start))


def _place_across(post: str, name: str, gaz) -> bool:  # noqa: ANN001
    """True when the post's last character and two or more of the name's spell a place (省长|沙市 is 长沙市;
    省长|沙祖康 stays a name)."""
    probe = post[-1:] + name
    return any(m.start == 0 and m.end >= 3 for m in find_regions(probe, gaz))


def _parts(value: str) -> list[str]:
    """国务委员兼外交部部长 is two posts; the second takes its place from the first (its chain)."""
    return [p for p in value.replace("兼任", "兼").split("兼") if p]


def _notice_docs(conn: sqlite3.Connection, after_doc_no: int, names: Iterable[str] | None,
                 triggers: tuple[str, ...] = _TRIGGERS) -> list[int]:
    """Documents holding a notice verb (or another of ``triggers``), found through the search index (no scan
    of the texts)."""
    from readout.store.search import route

    found: set[int] = set()
    for t in triggers:
        _, expr = route(t)
        for n in names if names is not None else [None]:
            # with names, one AND query per name: the index intersects, not Python
            full = expr if n is None else f"{expr} AND {route(n)[1]}"
            found.update(r[0] for r in conn.execute("SELECT rowid FROM search_grams WHERE search_grams MATCH ? AND "
                                                    "rowid > ?", (full, after_doc_no)))
    return sorted(found)


def _texts(conn: sqlite3.Connection, doc_nos: list[int]) -> Iterator[tuple]:
    """(doc_no, id, text, pub_date, first event date) of ``doc_nos``."""
    marks = ",".join("?" * len(doc_nos))
    yield from conn.execute(f"SELECT d.doc_no, d.id, d.text, d.pub_date, f.first_event_date FROM documents d LEFT "
                            f"JOIN document_filters f ON f.doc_no = d.doc_no WHERE d.doc_no IN ({marks})", doc_nos)


def _official_id(conn: sqlite3.Connection, known: dict[str, int | None], name: str) -> int | None:
    """The stored official of ``name`` (None: not found beside a post), looked up once per name."""
    if name not in known:
        row = conn.execute("SELECT id FROM officials WHERE name = ?", (name,)).fetchone()
        known[name] = row[0] if row else None
    return known[name]


def _places_before(norm: str, start: int, gaz) -> tuple:  # noqa: ANN001
    """The places named earlier in the notice's sentence, nearest first: a bare post takes them
    (黄兴国不再代理天津市委书记，免去其市委副书记…和市长职务 — the mayor of 天津)."""
    lo = max(norm.rfind(c, 0, start) for c in "。；;\n") + 1
    return tuple(gaz.unit(m.code) for m in reversed(find_regions(norm[lo:start], gaz)) if m.code)


def _notice_evidence(conn: sqlite3.Connection, doc_nos: list[int], gaz, names) -> list[Evidence]:  # noqa: ANN001
    if not doc_nos:
        return []
    from readout.clean import simplify
    from readout.extract.notices import find_notices, load_lexicon

    lex = load_lexicon()
    official: dict[str, int | None] = {}
    out: list[Evidence] = []
    wanted = set(names) if names is not None else None
    for no, did, text, pub, first in _texts(conn, doc_nos):
        if not any(t in text for t in _TRIGGERS):
            continue
        norm = simplify(text)
        for n in find_notices(norm, lex):
            if wanted is not None and n.name not in wanted:
                continue
            action = "then" if _looks_back(text, n.start, pub) else n.action
            oid = _official_id(conn, official, n.name)
            chain, nearby = None, _places_before(norm, n.posts[0].start, gaz)
            for p in n.posts:
                for part in _parts(p.value):
                    read = read_post(part, Context(chain=chain, nearby=nearby), gaz)
                    if read is None:
                        continue
                    office, how = read
                    chain = gaz.unit(office.code) if office.code else chain
                    out.append(Evidence(n.name, oid, office, action, "代" in part, "notice", how,
                                        pub or first, did, no, None, p.start, p.end, text[p.start:p.end]))
    return out


def _career_evidence(conn: sqlite3.Connection, doc_nos: list[int], gaz, names) -> list[Evidence]:  # noqa: ANN001
    """Evidence from career summaries (``_record_evidence``, per document)."""
    if not doc_nos:
        return []
    from readout.clean import simplify
    from readout.extract.notices import load_lexicon

    lex = load_lexicon()
    official: dict[str, int | None] = {}
    out: list[Evidence] = []
    wanted = set(names) if names is not None else None
    for no, did, text, pub, first in _texts(conn, doc_nos):
        norm = simplify(text)
        lines = [ln for ln in find_careers(norm, lex) + find_held(norm, lex) if wanted is None or ln.name in wanted]
        for ln in lines:
            _official_id(conn, official, ln.name)
        out += _record_evidence(lines, Evidence("", None, _NO_OFFICE, "then", False, "career", "words", pub or first,
                                                did, no, None, 0, 0, ""), text, official, gaz)
    return out


_NO_OFFICE = Office("", None, "national", "other", "", "")


def _record_evidence(lines: list[CareerLine], doc: Evidence, text: str, official: dict[str, int | None],
                     gaz) -> list[Evidence]:  # noqa: ANN001
    """One document's career lines as evidence (``doc``: its id, number and date). A run of record lines
    holding one office (2002-2003年 浙江省委书记、代省长, 2003-2007年 浙江省委书记、…) is one span: ``began`` at
    its first line's start, ``ended`` at its last line's end (none when open), its other lines ``then``;
    历任 lists are ``then`` (held some time in the range), 现任 posts ``current`` at the document's date."""
    out: list[Evidence] = []
    runs: dict[tuple[str, tuple], list[_Run]] = defaultdict(list)
    for line in lines:
        chain = None
        for p in line.posts:
            for part, value in _career_parts(p.text, p.value):
                read = read_post(part, Context(chain=chain), gaz) or \
                    (read_post(value, Context(chain=chain), gaz) if value != part else None)
                if read is None:
                    continue
                office, how = read
                chain = gaz.unit(office.code) if office.code else chain
                item = replace(doc, name=line.name, official_id=official[line.name], office=office, acting="代" in part,
                               how=how, date=line.start, start=p.start, end=p.end, text=text[p.start:p.end])
                if line.kind != "range" or line.start is None:
                    out.append(replace(item, status="current", date=doc.date) if line.kind == "now" else item)
                    continue
                end = p.until or line.end
                mine = runs[(line.name, office.key)]
                if mine and (mine[-1].end is None or not _later(line.start, mine[-1].end)):
                    run = mine[-1]  # the office goes on from the line before (2002-2003年, 2003-2007年)
                    run.items.append(item)
                    run.end, run.last = (end if run.end is not None else None), item
                else:
                    mine.append(_Run(line.start, end, [item], item))
    for mine in runs.values():
        for run in mine:
            head, last = run.items[0], run.last
            out.append(replace(head, status="began", date=run.start))
            out += [i for i in run.items[1:] if i is not last]
            if run.end is not None:
                out.append(replace(last, status="ended", date=run.end))
            elif last is not head:
                out.append(last)
    return out


@dataclass(slots=True)
class _Run:
    """Consecutive record lines holding one office: from the first's start to the last's end (None: open)."""

    start: str
    end: str | None
    items: list[Evidence]
    last: Evidence


def _career_parts(text: str, value: str) -> list[tuple[str, str]]:
    """A record item's posts (吉林省委副书记兼延边州委书记 is two), each with its list-restored reading."""
    parts, values = _parts(text), _parts(value)
    return list(zip(parts, values)) if len(parts) == len(values) else [(p, p) for p in parts]


def _later(a: str, b: str) -> bool:
    """``a`` is after the whole of ``b``, dates of any precision compared at the coarser one (2004 is after
    2003-05; 2003-06 is not after 2003, which may mean December)."""
    n = min(len(a), len(b))
    return a[:n] > b[:n]


# -- spans ----------------------------------------------------------------------------------

_ORDER = {"appointed": 0, "elected": 0, "began": 0, "current": 1, "then": 1, "removed": 2, "ended": 2, "former": 3}
_CLOSED = ("removed", "career")  # end kinds that close a tenure: a later start is a new one


def build_tenures(evidence: Iterable[Evidence]) -> list[Tenure]:
    """Tenures of every (name, office) in ``evidence``, namesakes told apart (see the module doc)."""
    by: dict[tuple[str, tuple], list[Evidence]] = defaultdict(list)
    for ev in evidence:
        by[(ev.name, ev.office.key)].append(ev)
    per_name: dict[str, list[Tenure]] = defaultdict(list)
    for (name, _), evs in by.items():
        per_name[name] += _terms(evs)
    out: list[Tenure] = []
    for terms in per_name.values():
        _people(terms)
        out += terms
    return out


def _terms(evs: list[Evidence]) -> list[Tenure]:
    """One person's evidence for one office → tenures (see the module doc)."""
    evs.sort(key=_when)
    terms: list[Tenure] = []
    cur: Tenure | None = None
    for ev in evs:
        closed = cur is not None and cur.end_kind in _CLOSED
        after_end = cur is not None and closed and _later(ev.date or "", cur.end or "")
        if cur is None or (after_end and ev.status in ("appointed", "elected", "current", "began")):
            cur = Tenure(ev.name, ev.official_id, ev.office)
            terms.append(cur)
        if ev.status in ("appointed", "elected", "began") and cur.start is None and not cur.first_seen:
            cur.start, cur.start_kind = ev.date, "career" if ev.status == "began" else ev.status
        elif ev.status in ("appointed", "elected", "began") and cur.start_kind == "career" and ev.date and \
                len(ev.date) > len(cur.start or "") and ev.date.startswith(cur.start or "-"):
            # a notice (or a finer record) dates within the record's year or month: the finer date
            cur.start, cur.start_kind = ev.date, "career" if ev.status == "began" else ev.status
        elif ev.status in ("removed", "ended") and not closed:
            cur.end, cur.end_kind = ev.date, "removed" if ev.status == "removed" else "career"
        cur.add(ev)
    for t in terms:  # a 原/前 post after the last time it was held bounds the end
        if t.end_kind is None:
            held = t.last_seen or ""
            ends = [e.date for e in t.evidence if e.status == "former" and e.date and e.date >= held]
            if ends:
                t.end, t.end_kind = min(ends), "former"
    return terms


def _when(e: Evidence) -> tuple:
    """Evidence in time order; a record's end of 2007 (or 2007-03) sorts after every day in it, its start
    before them."""
    date = e.date or "9999"
    if e.status == "ended" and len(date) < 10:
        date += "~"
    return (date, _ORDER[e.status], e.doc_no, e.start)


def _people(terms: list[Tenure]) -> None:
    """Number the people sharing a name: a tenure joins the first person it does not clash with."""
    terms.sort(key=lambda t: (t.lo or "9999", t.office.title))
    people: list[list[Tenure]] = []
    for t in terms:
        for k, mine in enumerate(people):
            if not any(_clash(t, o) for o in mine):
                mine.append(t)
                t.person = k + 1
                break
        else:
            people.append([t])
            t.person = len(people)
    for mine in people:
        _moves(mine)


def _moves(terms: list[Tenure]) -> None:
    """A local office left open ends no later than the same person's start in another province
    (李强: 浙江省省长, then 江苏省委书记 from 2016-06-30), or a governor's as party secretary of the
    same place (鹿心社: 江西省省长, then 江西省委书记 from 2016-06-29)."""
    local = sorted((t for t in terms if t.office.code and t.lo), key=_held_by)
    for t in local:
        if t.end is not None:
            continue
        seen = t.last_seen or t.lo or ""
        nxt = next((_held_by(o) for o in local if _moved_on(t, o) and _held_by(o) > seen), None)
        if nxt:
            t.end, t.end_kind = nxt, "moved"


def _held_by(t: Tenure) -> str:
    """The first day ``t``'s holder is known to hold it, as a bound on someone else's end: its start, or
    its first sighting when that falls within a start of a year or month (习近平 总书记: a record's 2012,
    seen 2012-11-15)."""
    if t.start and len(t.start) < 10 and t.first_seen and t.first_seen.startswith(t.start):
        return t.first_seen
    return t.lo or ""


def _moved_on(t: Tenure, o: Tenure) -> bool:
    """``o`` is an office ``t``'s holder leaves ``t`` for: another province's, or the promotion
    from governor to party secretary of the same place (one person rarely holds both, and then
    from the same day, which ``_moves`` does not count as later)."""
    a, b = t.office.code or "", o.office.code or ""
    return a[:2] != b[:2] or (a == b and t.office.kind == "governor" and o.office.kind == "party_secretary"
                              and not o.acting)  # an acting secretary keeps the governorship (黄兴国, 天津 2014–16)


def _clash(a: Tenure, b: Tenure) -> bool:
    """Two local offices in different provinces held at the same time: two people."""
    ca, cb = a.office.code, b.office.code
    if not ca or not cb or ca[:2] == cb[:2]:
        return False
    if not (a.lo and a.hi and b.lo and b.hi):
        return False
    # the overlap the dates make certain: a year or month start read as its last day, an end as its first
    overlap = (min(_day(a.hi), _day(b.hi)) - max(_day(a.lo, late=True), _day(b.lo, late=True)))
    return overlap > CLASH_DAYS


def _day(d: str, late: bool = False) -> int:
    """The day number of a date of any precision (2002, 2002-10, 2002-10-15): its first day, or its last."""
    d = d[:10]
    if len(d) == 10:
        return _date.fromisoformat(d).toordinal()
    if len(d) == 7:
        y, m = int(d[:4]), int(d[5:7])
        first = _date(y, m, 1).toordinal()
        return first if not late else _date(y + m // 12, m % 12 + 1, 1).toordinal() - 1
    return _date(int(d[:4]), 12 if late else 1, 31 if late else 1).toordinal()


def succession(tenures: list[Tenure]) -> None:
    """Offices with one holder: an open tenure ends no later than the next holder's first evidence."""
    by_office: dict[tuple, list[Tenure]] = defaultdict(list)
    for t in tenures:
        if t.office.kind in SINGLE_HOLDER:
            by_office[t.office.key].append(t)
    for ts in by_office.values():
        _succeed(ts)


def _succeed(ts: list[Tenure]) -> None:
    """``succession`` over the tenures of one office."""
    dated = sorted((t for t in ts if t.lo), key=_held_by)
    for t in dated:
        if t.end_kind not in (None, "succeeded", "moved"):
            continue  # a removal or a 原 post dates the end better
        nxt = next((_held_by(o) for o in dated if o.name != t.name and _held_by(o) > (t.last_seen or t.lo or "")), None)
        if t.end_kind == "succeeded":
            t.end, t.end_kind = (nxt, "succeeded") if nxt else (None, None)
        elif nxt and (t.end is None or nxt < t.end):
            t.end, t.end_kind = nxt, "succeeded"  # the tighter of the two bounds


# -- the stored roster ------------------------------------------------------------------------

RULES = 7  # bump when the reading of posts, notices or spans changes: the next analyze rebuilds the roster


def roster_params() -> dict[str, Any]:
    """What the stored roster was built with (the ``analyses`` row's params)."""
    return {"rules": RULES}


def update_roster(conn: sqlite3.Connection, *, full: bool = False,
                  progress: Callable[[str], None] | None = None) -> tuple[int, bool, str]:
    """Bring the stored roster up to date (``readout analyze``): (rows written, incremental, note).

    Reads only the documents added since the last run; rebuilds the tenures of the people
    they name and of everyone holding an office they touch.
    """
    from readout.analyze.materialise import stored

    st = stored(conn, "roster")
    after = st["last_doc_no"] if st and st["params"] == roster_params() and not full else 0  # new rules: all again
    if after and conn.execute("SELECT 1 FROM documents WHERE doc_no <= ? LIMIT 1", (after,)).fetchone() is None:
        after = 0  # the store was rebuilt under it
    new = collect_evidence(conn, after_doc_no=after, progress=progress)
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not after:
            for t in ("office_evidence", "tenures", "offices"):
                conn.execute(f"DELETE FROM {t}")
        ids = _office_ids(conn, {ev.office for ev in new})
        _insert_evidence(conn, new, ids)
        names = {ev.name for ev in new}
        touched = {ids[ev.office] for ev in new if ev.office.kind in SINGLE_HOLDER}
        names |= _holders(conn, touched)
        rebuilt = _rebuild(conn, names)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    note = f"{len(new):,} new evidence, {len(names):,} people rebuilt"
    return len(new) + rebuilt, bool(after), note


def _office_ids(conn: sqlite3.Connection, offices: set[Office]) -> dict[Office, int]:
    conn.executemany("INSERT OR IGNORE INTO offices(jurisdiction, code, level, kind, organ, title) VALUES (?,?,?,?,?,?)",
                     [(o.jurisdiction, o.code, o.level, o.kind, o.organ, o.title) for o in offices])
    out = {}
    for o in offices:
        out[o] = conn.execute("SELECT id FROM offices WHERE jurisdiction = ? AND kind = ? AND organ = ?",
                              o.key).fetchone()[0]
    return out


def _insert_evidence(conn: sqlite3.Connection, evs: list[Evidence], ids: dict[Office, int]) -> None:
    conn.executemany(
        'INSERT INTO office_evidence(office_id, name, official_id, status, acting, source, jurisdiction_from, date, '
        'document_id, doc_no, post_id, start, "end", text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
        [(ids[e.office], e.name, e.official_id, e.status, int(e.acting), e.source, e.how, e.date, e.document_id,
          e.doc_no, e.post_id, e.start, e.end, e.text) for e in evs])


def _holders(conn: sqlite3.Connection, office_ids: set[int]) -> set[str]:
    out: set[str] = set()
    ids = sorted(office_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out.update(r[0] for r in conn.execute(
            f"SELECT DISTINCT name FROM office_evidence WHERE office_id IN ({','.join('?' * len(chunk))})", chunk))
    return out


_EVIDENCE_COLUMNS = ('e.id, e.name, e.official_id, o.jurisdiction, o.code, o.level, o.kind, o.organ, o.title, '
                     'e.status, e.acting, e.source, e.jurisdiction_from, e.date, e.document_id, e.doc_no, e.post_id, '
                     'e.start, e."end", e.text, e.office_id')


def _stored_evidence(conn: sqlite3.Connection, names: list[str]) -> Iterator[tuple[int, int, Evidence]]:
    """(evidence id, office id, Evidence) for every stored piece of evidence about these names."""
    for i in range(0, len(names), 500):
        chunk = names[i:i + 500]
        for r in conn.execute(f"SELECT {_EVIDENCE_COLUMNS} FROM office_evidence e JOIN offices o ON o.id = e.office_id "
                              f"WHERE e.name IN ({','.join('?' * len(chunk))})", chunk):
            office = Office(*r[3:9])
            yield r[0], r[20], Evidence(r[1], r[2], office, r[9], bool(r[10]), r[11], r[12], r[13], r[14], r[15],
                                        r[16], r[17], r[18], r[19])


def _rebuild(conn: sqlite3.Connection, names: set[str]) -> int:
    """Replace the tenures of ``names`` with ones built from all their stored evidence; then the
    succession ends of every office those tenures hold."""
    if not names:
        return 0
    rows = list(_stored_evidence(conn, sorted(names)))
    office_id = {ev.office: oid for _, oid, ev in rows}
    ev_id = {id(ev): eid for eid, _, ev in rows}
    tenures = build_tenures(ev for _, _, ev in rows)
    ids = sorted(names)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        conn.execute(f"DELETE FROM tenures WHERE name IN ({','.join('?' * len(chunk))})", chunk)
    next_id = conn.execute("SELECT coalesce(max(id), 0) FROM tenures").fetchone()[0]
    links = []
    for t in tenures:
        next_id += 1
        d = t.to_dict()
        conn.execute('INSERT INTO tenures(id, name, official_id, person, office_id, start, start_kind, "end", end_kind, '
                     "first_seen, last_seen, evidence, documents, acting) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     (next_id, t.name, t.official_id, t.person, office_id[t.office], t.start, t.start_kind, t.end,
                      t.end_kind, t.first_seen, t.last_seen, d["evidence"], d["documents"], int(t.acting)))
        links += [(next_id, ev_id[id(e)]) for e in t.evidence]
    conn.executemany("UPDATE office_evidence SET tenure_id = ? WHERE id = ?", links)
    _store_succession(conn, {office_id[t.office] for t in tenures if t.office.kind in SINGLE_HOLDER})
    return len(tenures)


def _store_succession(conn: sqlite3.Connection, office_ids: set[int]) -> None:
    """``succession`` over the stored tenures of these offices (every holder, rebuilt or not)."""
    for oid in sorted(office_ids):
        office = Office(*conn.execute("SELECT jurisdiction, code, level, kind, organ, title FROM offices WHERE id = ?",
                                      (oid,)).fetchone())
        ts = [(tid, Tenure(name, None, office, start=start, end=end, end_kind=kind, first_seen=first, last_seen=last))
              for tid, name, start, end, kind, first, last in conn.execute(
                  'SELECT id, name, start, "end", end_kind, first_seen, last_seen FROM tenures WHERE office_id = ?',
                  (oid,))]
        _succeed([t for _, t in ts])
        conn.executemany('UPDATE tenures SET "end" = ?, end_kind = ? WHERE id = ?',
                         [(t.end, t.end_kind, tid) for tid, t in ts])


_TENURE_SQL = ('SELECT t.name, t.person, t.official_id, o.title, o.jurisdiction, o.code, o.level, o.kind, o.organ, '
               't.start, t.start_kind, t."end", t.end_kind, t.first_seen, t.last_seen, t.acting, t.evidence, '
               "t.documents, t.id FROM tenures t JOIN offices o ON o.id = t.office_id")
_TENURE_KEYS = ("name", "person", "official_id", "title", "jurisdiction", "code", "level", "kind", "organ", "start",
                "start_kind", "end", "end_kind", "first_seen", "last_seen", "acting", "evidence", "documents",
                "tenure_id")


def roster(db: DB, *, name: str | None = None, region: str | None = None, kind: str | None = None,
           on: str | None = None, limit: int = 0) -> list[dict[str, Any]]:
    """Tenure spans, by jurisdiction, office and start; ``region`` a name or code (any level: the
    offices of every unit under it), ``kind`` an office type, ``on`` a date the tenure covers.

    Read from the stored roster when it covers the corpus, else built in memory.
    """
    from readout.analyze.materialise import fresh

    with opened(db) as conn:
        if fresh(conn, "roster"):
            return _read_stored(conn, name, region, kind, on, limit)
        evs = collect_evidence(conn, names=[name] if name else None)
    tenures = build_tenures(evs)
    succession(tenures)
    rows = [t.to_dict() for t in tenures if _keep(t, region, kind, on)]
    rows.sort(key=_sort_key)
    return rows[:limit] if limit else rows


def _keep(t: Tenure, region: str | None, kind: str | None, on: str | None) -> bool:
    if kind and t.office.kind != kind:
        return False
    if region:
        place = resolve(region)
        if place.level == "national":
            if t.office.code is not None:
                return False
        elif place.prefix is None or not (t.office.code or "").startswith(place.prefix):
            return False
    # a start or end of 2007 (a career record's precision) may be any day of 2007
    return not on or bool((t.lo or t.hi) and (t.lo or "0000") <= on and on[:len(t.hi or "9999")] <= (t.hi or "9999"))


def _sort_key(r: dict[str, Any]) -> tuple:
    return (r["code"] or "", r["kind"], r["organ"], r["start"] or r["first_seen"] or "9999", r["name"], r["person"])


def _read_stored(conn: sqlite3.Connection, name: str | None, region: str | None, kind: str | None, on: str | None,
                 limit: int) -> list[dict[str, Any]]:
    cond: list[str] = []
    args: list[Any] = []
    if name:
        cond.append("t.name = ?")
        args.append(name)
    if kind:
        cond.append("o.kind = ?")
        args.append(kind)
    if region:
        place = resolve(region)
        if place.level == "national":
            cond.append("o.jurisdiction = ?")
            args.append(NATIONAL)
        elif place.prefix is None:
            return []
        else:
            lo, hi = place.code_range()
            cond += ["o.code >= ?", "o.code < ?"]
            args += [lo, hi]
    if on:
        cond.append('coalesce(t.start, t.first_seen, t."end") <= ? AND '
                    'coalesce(t."end", t.last_seen, t.start) >= substr(?, 1, length(coalesce(t."end", t.last_seen, '
                    't.start)))')
        args += [on, on]
    sql = _TENURE_SQL + (" WHERE " + " AND ".join(cond) if cond else "") + \
        " ORDER BY o.code, o.kind, o.organ, coalesce(t.start, t.first_seen, '9999'), t.name, t.person"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [dict(zip(_TENURE_KEYS, r)) for r in conn.execute(sql, args)]


def career(conn: sqlite3.Connection, name: str, *, evidence_limit: int = 0) -> list[dict[str, Any]]:
    """One name's tenures (every person who bears it), each with its evidence (document spans), by date;
    at most ``evidence_limit`` spans per tenure (0: all; ``evidence`` still counts them all)."""
    from readout.analyze.materialise import fresh

    if fresh(conn, "roster"):
        rows = _read_stored(conn, name, None, None, None, 0)
        for r in rows:
            r["evidence_spans"] = [dict(zip(("status", "source", "date", "document_id", "start", "end", "text"), e))
                                   for e in conn.execute('SELECT status, source, date, document_id, start, "end", text '
                                                         "FROM office_evidence WHERE tenure_id = ? ORDER BY date, id"
                                                         + (f" LIMIT {int(evidence_limit)}" if evidence_limit else ""),
                                                         (r["tenure_id"],))]
    else:
        tenures = build_tenures(collect_evidence(conn, names=[name]))
        succession(tenures)
        rows = []
        for t in tenures:
            r = t.to_dict()
            r["evidence_spans"] = [{"status": e.status, "source": e.source, "date": e.date,
                                    "document_id": e.document_id, "start": e.start, "end": e.end, "text": e.text}
                                   for e in sorted(t.evidence, key=lambda e: (e.date or "", e.doc_no, e.start))
                                   ][:evidence_limit or None]
            rows.append(r)
    rows.sort(key=lambda r: (r["person"], r["start"] or r["first_seen"] or r["end"] or "9999", r["title"]))
    return rows
