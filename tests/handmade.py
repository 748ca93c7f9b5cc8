"""Documents built by hand for analysis tests: every span is found in the text, so offsets stay true.

``Hand(text)`` marks up a text written for the test: ``section``, ``event``, ``official``
and ``formulation`` add annotations by the substring they cover; ``document()`` returns
the ``Document`` to store with ``Store.add``. The analyses are then tested on exactly the
facts the test wrote, independent of the extraction stages' accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from readout.model import Attendee, Document, Event, Formulation, Mention, Official, Post, RegionRef, Section, Span


def at(text: str, sub: str, after: int = 0) -> tuple[int, int]:
    i = text.index(sub, after)
    return i, i + len(sub)


@dataclass
class Hand:
    text: str
    title: str = ""
    pub_date: str | None = None
    doc_id: str | None = None
    sections: list[Section] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    officials: dict[str, Official] = field(default_factory=dict)
    formulations: list[Formulation] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.title:
            self.title = self.text.split("\n", 1)[0]

    def ref(self, name: str, code: str | None, word: str, after: int = 0) -> RegionRef:
        s, e = at(self.text, word, after)
        return RegionRef(name, code, word, s, e)

    def section(self, first: str, last: str, region: tuple[str, str | None, str] | None) -> Section:
        """The section from the line holding ``first`` to the end of ``last``; region (name, code, word)."""
        s = self.text.rfind("\n", 0, self.text.index(first)) + 1
        e = at(self.text, last, s)[1]
        sec = Section(s, e, self.text[s:e], self.ref(*region, after=s) if region else None)
        self.sections.append(sec)
        return sec

    def official(self, name: str, *posts: str, after: int = 0, behind: bool = False) -> Mention:
        """A mention of ``name`` written right after its posts ("天津市委书记李鸿忠"), or before them with
        ``behind`` ("林克市长")."""
        ns, ne = at(self.text, name, after)
        objs, pos = [], ns
        for p in (posts if behind else reversed(posts)):
            ps = self.text.index(p, ne) if behind else self.text.rindex(p, 0, pos)
            value = p[1:] if p.startswith(("原", "前")) else p[2:] if p.startswith("时任") else p
            post = Post(ps, ps + len(p), p, value, status="current" if value == p else "former")
            if behind:
                objs.append(post)
            else:
                objs.insert(0, post)
            pos = ps
        m = Mention(ns, ne, name, objs)
        off = self.officials.setdefault(name, Official(name, [], True))
        off.mentions.append(m)
        for p in objs:
            if p.value not in off.posts:
                off.posts.append(p.value)
        return m

    def event(self, sentence: str, date: str, *, kind: str = "meeting", title: str | None = None,
              region: tuple[str, str | None, str] | None = None, leader: Mention | None = None,
              date_text: str | None = None) -> Event:
        s, e = at(self.text, sentence)
        ev = Event(s, e, sentence, date, None, kind,
                   Span(*at(self.text, title, s), title) if title else None,
                   self.ref(*region, after=s) if region else None,
                   Span(*at(self.text, date_text, s), date_text) if date_text else None)
        if leader is not None:
            ev.officials.append(Attendee(leader.text, [p.value for p in leader.posts], leader.start, leader.end,
                                         leader.text))
        self.events.append(ev)
        return ev

    def formulation(self, sub: str, value: str | None = None, kind: str = "lexicon") -> None:
        i = self.text.find(sub)
        while i >= 0:
            self.formulations.append(Formulation(i, i + len(sub), sub, value or sub, kind))
            i = self.text.find(sub, i + 1)

    def document(self) -> Document:
        import hashlib

        did = self.doc_id or hashlib.blake2b(self.text.encode(), digest_size=8).hexdigest()
        offs = list(self.officials.values())
        for o in offs:
            o.mentions.sort(key=lambda m: m.start)
        return Document(id=did, source=f"hand/{did}.txt", title=self.title, pub_date=self.pub_date, text=self.text,
                        sections=sorted(self.sections, key=lambda s: s.start),
                        events=sorted(self.events, key=lambda e: e.start), officials=offs,
                        formulations=sorted(self.formulations, key=lambda f: f.start))


def store(db, *docs: Document):  # noqa: ANN001, ANN201
    """Write ``docs`` into a new store at ``db``; returns the path."""
    from readout.store import Store

    with Store.open(db) as st:
        for d in docs:
            assert st.add(d)
    return db
