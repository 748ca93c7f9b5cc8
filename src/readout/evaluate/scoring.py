"""Score one system's predictions against gold rows, field by field (``SCHEMA.md`` "Scoring").

Fields, micro-averaged over articles:

- ``officials``: (name, post) pairs of political officials; posts match by the suffix rule.
  Gold pairs of non-political officials are optional; predicted pairs are those of
  officials the system flags political.
- ``official_names``: the same on names alone.
- ``events``: (date, region) items; a predicted ``date``..``date_end`` gives one item per
  day; a gold item matches on the same date with ``region`` or one of ``alt_regions``
  (``null`` there accepts a prediction with no region). Gold items marked ``ambiguous``
  or without a date are optional; predictions with no date are not scored.
- ``event_kind`` and ``event_leader``: on the events matched above, whether the
  predicted kind and leader equal the gold ones (gold ``leader: null`` wants none). A
  wrong label counts as one false hit and one miss, so P = R = F1 = accuracy.
- ``speakers``: the distinct names the system reports as speaking, against the gold
  ``speakers`` list, where the gold row has one (the archive validation set does).
- ``formulations``: recall over gold formulations (equal, or containment with the
  shorter ≥ 60% of the longer), precision over predicted ``quoted`` and ``numbered`` only.

Scorers take plain ``Pred*`` records, so any system (and hand-made input) can be scored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from readout.evaluate.matching import (
    formulation_guess_kind,
    formulation_matches,
    match_items,
    normalize,
    post_family,
    post_matches,
)

log = logging.getLogger(__name__)

FIELDS = ("officials", "official_names", "events", "event_kind", "event_leader", "speakers", "formulations")
SCORED_FORMULATION_KINDS = frozenset({"quoted", "numbered"})
MAX_RANGE_DAYS = 366  # a longer predicted range is a reader bug; cap it rather than explode


# ---------------------------------------------------------------- predictions


@dataclass(frozen=True, slots=True)
class PredOfficial:
    name: str
    posts: tuple[str, ...]
    political: bool = True


@dataclass(frozen=True, slots=True)
class PredEvent:
    date: str | None
    date_end: str | None = None
    region: str | None = None
    kind: str = "other"
    leader: str | None = None


@dataclass(frozen=True, slots=True)
class PredFormulation:
    text: str
    value: str = ""
    kind: str = "quoted"


@dataclass(slots=True)
class Prediction:
    """What a system says about one article, reduced to what is scored."""

    officials: list[PredOfficial] = field(default_factory=list)
    events: list[PredEvent] = field(default_factory=list)
    formulations: list[PredFormulation] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- counts


@dataclass(slots=True)
class Counts:
    """True/false positives and negatives. ``tp_pred`` is the precision-side TP when it
    differs from the recall-side ``tp`` (formulations score the two sides separately)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tp_pred: int | None = None

    @property
    def precision(self) -> float:
        tp = self.tp if self.tp_pred is None else self.tp_pred
        return tp / (tp + self.fp) if tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty(self) -> bool:
        """Nothing was scored (no gold and no prediction), so no figure can be given."""
        return not (self.tp or self.fp or self.fn or self.tp_pred)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        if other.tp_pred is not None or self.tp_pred is not None:
            self.tp_pred = (self.tp_pred or 0) + (other.tp_pred or 0)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"tp": self.tp, "fp": self.fp, "fn": self.fn}
        if self.tp_pred is not None:
            d["tp_pred"] = self.tp_pred
        d.update(p=round(self.precision, 4), r=round(self.recall, 4), f1=round(self.f1, 4))
        return d


@dataclass(slots=True)
class Scored:
    """One field of one article: counts, a by-kind split, and the items behind them."""

    counts: Counts
    by_kind: dict[str, Counts] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)


def _bump(by_kind: dict[str, Counts], kind: str, attr: str) -> None:
    c = by_kind.setdefault(kind, Counts())
    setattr(c, attr, getattr(c, attr) + 1)


# ---------------------------------------------------------------- officials


def _gold_pairs(gold_officials: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], bool]:
    """(name, post) → required; a pair listed both political and not stays required."""
    pairs: dict[tuple[str, str], bool] = {}
    for o in gold_officials:
        name = normalize(o.get("name"))
        required = bool(o.get("political", True))  # the seed gold predates the flag: all political
        for post in o.get("posts") or ():
            key = (name, normalize(post))
            if name and key[1]:
                pairs[key] = pairs.get(key, False) or required
    return pairs


def _pred_pairs(pred_officials: Iterable[PredOfficial]) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for o in pred_officials:
        if not o.political:
            continue
        name = normalize(o.name)
        for post in o.posts:
            p = normalize(post)
            if name and p:
                seen[(name, p)] = None
    return list(seen)


def score_officials(gold_officials: Iterable[Mapping[str, Any]], pred_officials: Iterable[PredOfficial]) -> Scored:
    """(name, post) pairs of political officials, with the post suffix rule."""
    gold_map = _gold_pairs(gold_officials)
    gold = list(gold_map)
    optional = [not gold_map[g] for g in gold]
    preds = _pred_pairs(pred_officials)
    matched, missed, spurious = match_items(
        gold, optional, preds, lambda g, p: g[0] == p[0] and post_matches(g[1], p[1]))
    out = Scored(Counts(tp=len(matched), fn=len(missed), fp=len(spurious)))
    for i in matched:
        _bump(out.by_kind, post_family(gold[i][1]), "tp")
    for i in sorted(missed):
        _bump(out.by_kind, post_family(gold[i][1]), "fn")
        out.missed.append(f"{gold[i][0]}|{gold[i][1]}")
    for j in sorted(spurious):
        _bump(out.by_kind, post_family(preds[j][1]), "fp")
        out.spurious.append(f"{preds[j][0]}|{preds[j][1]}")
    return out


def score_official_names(gold_officials: Iterable[Mapping[str, Any]],
                         pred_officials: Iterable[PredOfficial]) -> Scored:
    """Names of political officials alone; names of non-political officials are optional."""
    gold_map: dict[str, bool] = {}
    for o in gold_officials:
        name = normalize(o.get("name"))
        if name and o.get("posts"):
            gold_map[name] = gold_map.get(name, False) or bool(o.get("political", True))
    gold = list(gold_map)
    preds = list(dict.fromkeys(normalize(o.name) for o in pred_officials if o.political and normalize(o.name)))
    matched, missed, spurious = match_items(gold, [not gold_map[g] for g in gold], preds, str.__eq__)
    out = Scored(Counts(tp=len(matched), fn=len(missed), fp=len(spurious)))
    out.missed = [gold[i] for i in sorted(missed)]
    out.spurious = [preds[j] for j in sorted(spurious)]
    return out


# ---------------------------------------------------------------- events


def _days(start: str, end: str | None) -> list[str]:
    """ISO days from ``start`` to ``end`` inclusive; a bad or backwards range gives ``start``."""
    if not end or end == start:
        return [start]
    try:
        a, b = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return [start]
    n = (b - a).days
    if n <= 0:
        return [start]
    if n > MAX_RANGE_DAYS:
        log.warning("predicted event range %s..%s longer than %d days; truncated", start, end, MAX_RANGE_DAYS)
        n = MAX_RANGE_DAYS
    return [(a + timedelta(days=k)).isoformat() for k in range(n + 1)]


def _region(r: str | None) -> str | None:
    return normalize(r) or None


@dataclass(frozen=True, slots=True)
class _GoldEvent:
    date: str
    regions: frozenset[str | None]
    kind: str | None  # None: the gold row does not say, so the kind is not scored
    leader: str | None
    has_leader: bool


@dataclass(slots=True)
class EventMatch:
    """Gold and predicted event items, one per day, and how they were matched."""

    gold: list[_GoldEvent]
    preds: list[tuple[str, str | None]]
    labels: dict[tuple[str, str | None], tuple[str, str | None]]  # pred item → (kind, leader)
    matched: dict[int, int]
    missed: set[int]
    spurious: set[int]

    def gold_key(self, i: int) -> str:
        g = self.gold[i]
        return f"{g.date}|{'/'.join(sorted(str(r) for r in g.regions))}"

    def pred_key(self, j: int) -> str:
        return f"{self.preds[j][0]}|{self.preds[j][1]}"


def match_events(gold_events: Iterable[Mapping[str, Any]], pred_events: Iterable[PredEvent]) -> EventMatch:
    """Expand both sides to (date, region) items and match them one to one."""
    gold: list[_GoldEvent] = []
    optional: list[bool] = []
    for g in gold_events:
        if not g.get("date"):
            continue  # optional and unmatchable: predictions with no date are not scored
        regions = frozenset([_region(g.get("region"))] + [_region(r) for r in g.get("alt_regions") or ()])
        gold.append(_GoldEvent(g["date"], regions, g.get("kind"), normalize(g.get("leader")) or None,
                               "leader" in g))
        optional.append(bool(g.get("ambiguous")))
    labels: dict[tuple[str, str | None], tuple[str, str | None]] = {}
    for e in pred_events:
        if not e.date:
            continue
        for d in _days(e.date, e.date_end):
            labels.setdefault((d, _region(e.region)), (e.kind or "other", normalize(e.leader) or None))
    preds = list(labels)
    matched, missed, spurious = match_items(gold, optional, preds, lambda g, p: g.date == p[0] and p[1] in g.regions)
    return EventMatch(gold, preds, labels, matched, missed, spurious)


def score_events(gold_events: Iterable[Mapping[str, Any]], pred_events: Iterable[PredEvent],
                 matched: EventMatch | None = None) -> Scored:
    """(date, region) items; ranges expanded to days; alt_regions accepted; ambiguous optional."""
    m = matched or match_events(gold_events, pred_events)
    out = Scored(Counts(tp=len(m.matched), fn=len(m.missed), fp=len(m.spurious)))
    for i in m.matched:
        _bump(out.by_kind, m.gold[i].kind or "other", "tp")
    for i in sorted(m.missed):
        _bump(out.by_kind, m.gold[i].kind or "other", "fn")
        out.missed.append(m.gold_key(i))
    for j in sorted(m.spurious):
        _bump(out.by_kind, m.labels[m.preds[j]][0], "fp")
        out.spurious.append(m.pred_key(j))
    return out


def score_event_labels(gold_events: Iterable[Mapping[str, Any]], pred_events: Iterable[PredEvent],
                       matched: EventMatch | None = None) -> tuple[Scored, Scored]:
    """Kind and leader accuracy on the matched events: right → TP; wrong → one FP and one FN.

    A wrong label lands in ``missed`` as ``date|region: gold → predicted``. By-kind rows
    are by the gold kind (for the leader: whether gold names one).
    """
    m = matched or match_events(gold_events, pred_events)
    kind, leader = Scored(Counts()), Scored(Counts())
    for i, j in sorted(m.matched.items()):
        g, (p_kind, p_leader) = m.gold[i], m.labels[m.preds[j]]
        if g.kind is not None:
            _label(kind, g.kind, g.kind, p_kind, m.gold_key(i))
        if g.has_leader:
            _label(leader, "named" if g.leader else "none", g.leader, p_leader, m.gold_key(i))
    return kind, leader


def _label(out: Scored, row: str, gold: str | None, pred: str | None, key: str) -> None:
    if gold == pred:
        out.counts.tp += 1
        _bump(out.by_kind, row, "tp")
        return
    out.counts.fp += 1
    out.counts.fn += 1
    _bump(out.by_kind, row, "fp")
    _bump(out.by_kind, row, "fn")
    out.missed.append(f"{key}: {gold} → {pred}")


# ---------------------------------------------------------------- speakers and formulations


def score_speakers(gold_speakers: Iterable[str], pred_speakers: Iterable[str]) -> Scored:
    """Distinct speaker names of one article against the gold list."""
    gold = list(dict.fromkeys(n for n in (normalize(x) for x in gold_speakers) if n))
    preds = list(dict.fromkeys(n for n in (normalize(x) for x in pred_speakers) if n))
    matched, missed, spurious = match_items(gold, [False] * len(gold), preds, str.__eq__)
    out = Scored(Counts(tp=len(matched), fn=len(missed), fp=len(spurious)))
    out.missed = [gold[i] for i in sorted(missed)]
    out.spurious = [preds[j] for j in sorted(spurious)]
    return out


def score_formulations(gold_formulations: Iterable[str], pred_formulations: Iterable[PredFormulation]) -> Scored:
    """Recall over gold (any predicted kind may find it); precision over quoted + numbered only.

    By kind: a found gold item counts under the kind of the prediction that found it,
    a missed one under its guessed kind; precision rows for other kinds are informative
    and not part of the total.
    """
    gold = list(dict.fromkeys(g for g in (normalize(x) for x in gold_formulations) if g))
    preds: dict[str, tuple[tuple[str, ...], str]] = {}
    for f in pred_formulations:
        forms = tuple(dict.fromkeys(x for x in (normalize(f.text), normalize(f.value)) if x))
        if forms:
            preds.setdefault(forms[0], (forms, f.kind))
    counts = Counts(tp_pred=0)
    out = Scored(counts)

    def row(kind: str) -> Counts:
        return out.by_kind.setdefault(kind, Counts(tp_pred=0))

    for g in gold:
        hit = next((kind for forms, kind in preds.values() if any(formulation_matches(g, x) for x in forms)), None)
        if hit is None:
            counts.fn += 1
            row(formulation_guess_kind(g)).fn += 1
            out.missed.append(g)
        else:
            counts.tp += 1
            row(hit).tp += 1
    for key, (forms, kind) in preds.items():
        good = any(formulation_matches(g, x) for g in gold for x in forms)
        r = row(kind)
        if good:
            r.tp_pred = (r.tp_pred or 0) + 1
        else:
            r.fp += 1
        if kind not in SCORED_FORMULATION_KINDS:
            continue
        if good:
            counts.tp_pred = (counts.tp_pred or 0) + 1
        else:
            counts.fp += 1
            out.spurious.append(key)
    return out


# ---------------------------------------------------------------- articles and reports


@dataclass(slots=True)
class FileResult:
    """One article's scores; ``scored`` lacks ``speakers`` when its gold row has none."""

    file: str
    source: str
    scored: dict[str, Scored]
    chars: int = 0
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "source": self.source, "chars": self.chars, "error": self.error,
            "fields": {k: {"counts": s.counts.to_dict(), "missed": s.missed, "spurious": s.spurious}
                       for k, s in self.scored.items()},
        }


def score_file(gold: Mapping[str, Any], pred: Prediction, *, source: str = "", chars: int = 0,
               error: str | None = None) -> FileResult:
    """Score one article's prediction against its gold row."""
    officials = gold.get("officials") or []
    events = gold.get("events") or []
    em = match_events(events, pred.events)
    kind, leader = score_event_labels(events, pred.events, em)
    scored = {
        "officials": score_officials(officials, pred.officials),
        "official_names": score_official_names(officials, pred.officials),
        "events": score_events(events, pred.events, em),
        "event_kind": kind,
        "event_leader": leader,
        "formulations": score_formulations(gold.get("formulations") or [], pred.formulations),
    }
    if gold.get("speakers") is not None:
        scored["speakers"] = score_speakers(gold["speakers"], pred.speakers)
    return FileResult(file=gold["file"], source=source, chars=chars, error=error, scored=scored)


def _zero() -> dict[str, Counts]:
    return {f: Counts(tp_pred=0) if f == "formulations" else Counts() for f in FIELDS}


@dataclass(slots=True)
class Report:
    """Micro-averaged totals, by-kind and by-source splits, and per-file details."""

    files: list[FileResult]
    totals: dict[str, Counts] = field(default_factory=_zero)
    by_kind: dict[str, dict[str, Counts]] = field(default_factory=dict)
    by_source: dict[str, dict[str, Counts]] = field(default_factory=dict)
    seconds: float = 0.0  # time spent reading (predicting), not scoring
    chars: int = 0

    @classmethod
    def from_files(cls, files: Sequence[FileResult], seconds: float = 0.0) -> Report:
        rep = cls(files=list(files), seconds=seconds, chars=sum(f.chars for f in files))
        for fr in rep.files:
            src = rep.by_source.setdefault(fr.source, _zero())
            for name, s in fr.scored.items():
                rep.totals[name].add(s.counts)
                src[name].add(s.counts)
                kinds = rep.by_kind.setdefault(name, {})
                for kind, c in s.by_kind.items():
                    kinds.setdefault(kind, Counts()).add(c)
        return rep

    def subset(self, files: Iterable[str]) -> Report:
        """The report over some of the files only (e.g. one part of a split)."""
        keep = set(files)
        chosen = [f for f in self.files if f.file in keep]
        share = sum(f.chars for f in chosen) / self.chars if self.chars else 0.0
        return Report.from_files(chosen, self.seconds * share)

    def labelled(self, name: str) -> int:
        """How many files have gold for field ``name`` (speakers are not labelled everywhere)."""
        return sum(1 for f in self.files if name in f.scored)

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "totals": {k: c.to_dict() for k, c in self.totals.items() if self.labelled(k)},
            "by_kind": {f: {k: c.to_dict() for k, c in sorted(d.items())} for f, d in self.by_kind.items()},
            "by_source": {s: {k: c.to_dict() for k, c in d.items()} for s, d in sorted(self.by_source.items())},
            "files": [f.to_dict() for f in self.files],
            "n_files": len(self.files),
            "n_errors": len(self.errors),
            "seconds": round(self.seconds, 4),
            "chars": self.chars,
        }
