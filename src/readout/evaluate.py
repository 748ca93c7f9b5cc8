"""Score readout (or any system) against gold labels, as ``/work/shared/corpus/SCHEMA.md`` "Scoring" says.

Four fields are scored, micro-averaged over all articles:

- ``officials``: (name, post) pairs of political officials. Posts match when equal, or
  when one ends with the other and the shorter has at least 3 characters
  (市委书记 ~ 天津市委书记). Gold pairs of non-political officials are optional: a
  prediction that matches one is ignored, a miss is not counted. Predicted pairs are
  those of officials the system flags political.
- ``official_names``: the same on names alone.
- ``events``: (date, region) items; a predicted ``date``..``date_end`` gives one item per
  day; a gold item matches on the same date with ``region`` or one of ``alt_regions``
  (``null`` in ``alt_regions`` accepts a prediction with no region). Gold items marked
  ``ambiguous`` or without a date are optional. Predictions with no date are not scored.
- ``formulations``: recall over gold formulations (equal, or one contains the other and
  the shorter is ≥ 60% of the longer), precision over predicted kinds ``quoted`` and
  ``numbered`` only.

Matching is one-to-one (maximum bipartite matching) for officials, names and events,
so one prediction never earns two true positives. Scoring functions take plain
``Pred*`` records, so any system (and hand-made test input) can be scored.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any


log = logging.getLogger(__name__)

FIELDS = ("officials", "official_names", "events", "formulations")
SCORED_FORMULATION_KINDS = frozenset({"quoted", "numbered"})
MIN_SUFFIX_CHARS = 3  # shorter post must have at least this many characters to match by suffix
MIN_CONTAINMENT = 0.6  # shorter formulation ≥ 60% of the longer to match by containment
MAX_RANGE_DAYS = 366  # a longer predicted range is a reader bug; cap it rather than explode

# Quotes of every style; stripped before comparing (SCHEMA: "strip quotes and white space").
_QUOTES_WS = re.compile(r"[\s\u3000\u200b\ufeff\"'“”‘’「」『』〝〞＂＇﹁﹂﹃﹄]+")


# ---------------------------------------------------------------- normalisation


@cache
def _simplifier() -> Callable[[str], str]:
    try:
        from readout.clean import simplify

        return simplify
    except ImportError:  # pragma: no cover - readout.clean is part of the package
        import opencc

        return opencc.OpenCC("t2s").convert


def normalize(s: str | None) -> str:
    """Traditional → simplified, quotes and white space removed."""
    if not s:
        return ""
    return _QUOTES_WS.sub("", _simplifier()(s))


def post_matches(a: str, b: str) -> bool:
    """Equal, or one ends with the other and the shorter has ≥ 3 characters (normalised input)."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_SUFFIX_CHARS and long_.endswith(short)


def formulation_matches(a: str, b: str) -> bool:
    """Equal, or one contains the other and the shorter is ≥ 60% of the longer (normalised input)."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return short in long_ and len(short) >= MIN_CONTAINMENT * len(long_)


_CENTRAL = re.compile(r"中央|中共中央|国务院|全国|国家|总书记|总理|最高人民|军委|部长|部委|外交部")
_PROVINCIAL = re.compile(r"省|自治区|区党委|(?:北京|天津|上海|重庆)市")
_CITY = re.compile(r"市|州|盟|地委")
_COUNTY = re.compile(r"县|区|旗|镇|乡|街道|村")


def post_family(post: str) -> str:
    """A coarse level for the by-kind breakdown: central, provincial, city, county or other."""
    if _PROVINCIAL.search(post):
        return "provincial"
    if _CENTRAL.search(post):
        return "central"
    if _CITY.search(post):
        return "city"
    if _COUNTY.search(post):
        return "county"
    return "other"


_NUMBERED = re.compile(r"^[一二三四五六七八九十百两0-9０-９]+")


def formulation_guess_kind(text: str) -> str:
    """Kind of a gold formulation nobody found: numbered when it starts with a number."""
    return "numbered" if _NUMBERED.match(text) else "quoted"


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


def prediction_from_documents(docs: Iterable[Any]) -> Prediction:
    """Merge the ``Document`` objects read from one file into one ``Prediction``."""
    pred = Prediction()
    for doc in docs:
        for o in doc.officials:
            pred.officials.append(PredOfficial(o.name, tuple(o.posts), bool(o.political)))
        for e in doc.events:
            region = e.region.name if e.region is not None else None
            pred.events.append(PredEvent(e.date, e.date_end, region, e.kind))
        for f in doc.formulations:
            pred.formulations.append(PredFormulation(f.text, f.value, f.kind))
    return pred


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


def _max_matching(n_left: int, n_right: int, ok: Callable[[int, int], bool],
                  allowed_right: Sequence[bool] | None = None) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's algorithm; the sets are tiny). Returns left → right."""
    adj = [[j for j in range(n_right) if (allowed_right is None or allowed_right[j]) and ok(i, j)]
           for i in range(n_left)]
    match_right: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in match_right or augment(match_right[j], seen):
                match_right[j] = i
                return True
        return False

    for i in range(n_left):
        if adj[i]:
            augment(i, set())
    return {i: j for j, i in match_right.items()}


def _score_matched(gold: Sequence[Any], gold_optional: Sequence[bool], preds: Sequence[Any],
                   ok: Callable[[Any, Any], bool]) -> tuple[dict[int, int], set[int], set[int]]:
    """Match required gold first (to maximise TP), then let optional gold absorb leftovers.

    Returns (required gold index → pred index, unmatched required gold, spurious preds).
    """
    req = [i for i, opt in enumerate(gold_optional) if not opt]
    opt = [i for i, o in enumerate(gold_optional) if o]
    m1 = _max_matching(len(req), len(preds), lambda a, b: ok(gold[req[a]], preds[b]))
    matched = {req[a]: b for a, b in m1.items()}
    free = [j not in set(m1.values()) for j in range(len(preds))]
    m2 = _max_matching(len(opt), len(preds), lambda a, b: ok(gold[opt[a]], preds[b]), free)
    used = set(m1.values()) | set(m2.values())
    missed = {i for i in req if i not in matched}
    spurious = {j for j in range(len(preds)) if j not in used}
    return matched, missed, spurious


# ---------------------------------------------------------------- field scorers


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
    matched, missed, spurious = _score_matched(
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
    matched, missed, spurious = _score_matched(gold, [not gold_map[g] for g in gold], preds, str.__eq__)
    out = Scored(Counts(tp=len(matched), fn=len(missed), fp=len(spurious)))
    out.missed = [gold[i] for i in sorted(missed)]
    out.spurious = [preds[j] for j in sorted(spurious)]
    return out


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


def score_events(gold_events: Iterable[Mapping[str, Any]], pred_events: Iterable[PredEvent]) -> Scored:
    """(date, region) items; ranges expanded to days; alt_regions accepted; ambiguous optional."""
    gold: list[tuple[str, frozenset[str | None], str]] = []
    optional: list[bool] = []
    for g in gold_events:
        if not g.get("date"):
            continue  # optional and unmatchable: predictions with no date are not scored
        regions = frozenset([_region(g.get("region"))] + [_region(r) for r in g.get("alt_regions") or ()])
        gold.append((g["date"], regions, g.get("kind") or "other"))
        optional.append(bool(g.get("ambiguous")))
    items: dict[tuple[str, str | None], str] = {}
    for e in pred_events:
        if not e.date:
            continue
        for d in _days(e.date, e.date_end):
            items.setdefault((d, _region(e.region)), e.kind or "other")
    preds = list(items)
    matched, missed, spurious = _score_matched(
        gold, optional, preds, lambda g, p: g[0] == p[0] and p[1] in g[1])
    out = Scored(Counts(tp=len(matched), fn=len(missed), fp=len(spurious)))
    for i in matched:
        _bump(out.by_kind, gold[i][2], "tp")
    for i in sorted(missed):
        _bump(out.by_kind, gold[i][2], "fn")
        out.missed.append(f"{gold[i][0]}|{'/'.join(sorted(str(r) for r in gold[i][1]))}")
    for j in sorted(spurious):
        _bump(out.by_kind, items[preds[j]], "fp")
        out.spurious.append(f"{preds[j][0]}|{preds[j][1]}")
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
    return FileResult(
        file=gold["file"],
        source=source,
        chars=chars,
        error=error,
        scored={
            "officials": score_officials(officials, pred.officials),
            "official_names": score_official_names(officials, pred.officials),
            "events": score_events(gold.get("events") or [], pred.events),
            "formulations": score_formulations(gold.get("formulations") or [], pred.formulations),
        },
    )


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
    def from_files(cls, files: list[FileResult], seconds: float = 0.0) -> Report:
        rep = cls(files=files, seconds=seconds, chars=sum(f.chars for f in files))
        for fr in files:
            src = rep.by_source.setdefault(fr.source, _zero())
            for name, s in fr.scored.items():
                rep.totals[name].add(s.counts)
                src[name].add(s.counts)
                kinds = rep.by_kind.setdefault(name, {})
                for kind, c in s.by_kind.items():
                    kinds.setdefault(kind, Counts()).add(c)
        return rep

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "totals": {k: c.to_dict() for k, c in self.totals.items()},
            "by_kind": {f: {k: c.to_dict() for k, c in sorted(d.items())} for f, d in self.by_kind.items()},
            "by_source": {s: {k: c.to_dict() for k, c in d.items()} for s, d in sorted(self.by_source.items())},
            "files": [f.to_dict() for f in self.files],
            "n_files": len(self.files),
            "n_errors": len(self.errors),
            "seconds": round(self.seconds, 4),
            "chars": self.chars,
        }


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a gold.jsonl file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def source_categories(corpus_dir: str | Path) -> dict[str, str]:
    """file → category from the corpus's INDEX.jsonl, when it has one."""
    index = Path(corpus_dir) / "INDEX.jsonl"
    if not index.is_file():
        return {}
    return {r["file"]: r.get("category") or "" for r in load_gold(index)}


def source_of(file: str, categories: Mapping[str, str]) -> str:
    """INDEX category, else the file-name prefix (xwlb_, pages_), else ``other``."""
    if categories.get(file):
        return categories[file]
    return file.split("_", 1)[0] if "_" in file else "other"


def evaluate_predictions(gold_rows: Iterable[Mapping[str, Any]], predictions: Mapping[str, Prediction], *,
                         categories: Mapping[str, str] | None = None, chars: Mapping[str, int] | None = None,
                         errors: Mapping[str, str] | None = None, seconds: float = 0.0) -> Report:
    """Score ready-made predictions (file → ``Prediction``); missing files predict nothing."""
    categories = categories or {}
    files = [
        score_file(g, predictions.get(g["file"], Prediction()), source=source_of(g["file"], categories),
                   chars=(chars or {}).get(g["file"], 0), error=(errors or {}).get(g["file"]))
        for g in gold_rows
    ]
    return Report.from_files(files, seconds)


def _default_read(path: Path) -> list[Any]:
    from readout import read_file

    return read_file(path)


def evaluate(gold_path: str | Path, corpus_dir: str | Path, *,
             read: Callable[[Path], Sequence[Any]] | None = None) -> Report:
    """Read every gold article with ``read`` (default ``readout.read_file``) and score it.

    The reader gets only the file: it must find the publication date itself. A file that
    cannot be read predicts nothing and is listed in ``Report.errors``.
    """
    read = read or _default_read
    corpus_dir = Path(corpus_dir)
    gold_rows = load_gold(gold_path)
    preds: dict[str, Prediction] = {}
    chars: dict[str, int] = {}
    errors: dict[str, str] = {}
    seconds = 0.0
    for g in gold_rows:
        path = corpus_dir / g["file"]
        t0 = time.perf_counter()
        try:
            docs = list(read(path))
        except Exception as exc:  # noqa: BLE001 - an eval reports every failing file, it does not stop
            seconds += time.perf_counter() - t0
            errors[g["file"]] = f"{type(exc).__name__}: {exc}"
            log.warning("eval: %s: %s", path, errors[g["file"]])
            continue
        seconds += time.perf_counter() - t0
        preds[g["file"]] = prediction_from_documents(docs)
        chars[g["file"]] = sum(len(getattr(d, "text", "")) for d in docs)
    return evaluate_predictions(gold_rows, preds, categories=source_categories(corpus_dir), chars=chars,
                                errors=errors, seconds=seconds)


# ---------------------------------------------------------------- command line

_LABELS = {"officials": "officials (name+post)", "official_names": "official names",
           "events": "events (date, region)", "formulations": "formulations"}


def _row(label: str, c: Counts) -> list[str]:
    tp = str(c.tp) if c.tp_pred is None or c.tp_pred == c.tp else f"{c.tp}/{c.tp_pred}"
    return [label, tp, str(c.fp), str(c.fn), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}"]


def _print_table(console: Any, title: str, rows: list[list[str]]) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for i, head in enumerate(("", "TP", "FP", "FN", "P", "R", "F1")):
        table.add_column(head, justify="left" if i == 0 else "right")
    for r in rows:
        table.add_row(*r)
    console.print(table)


def print_report(rep: Report, *, by: str | None = None, errors: bool = False) -> None:
    """Print the P/R/F1 table (and the requested breakdown or error list) to stdout."""
    from rich.console import Console

    console = Console(highlight=False)
    title = f"{len(rep.files)} files, {rep.chars:,} chars, {rep.chars_per_second:,.0f} chars/s"
    _print_table(console, title, [_row(_LABELS[f], rep.totals[f]) for f in FIELDS])
    console.print("formulations: TP shown as recall-TP/precision-TP; precision over quoted+numbered only.")
    if by == "kind":
        for f in ("officials", "events", "formulations"):
            rows = [_row(k, c) for k, c in sorted(rep.by_kind.get(f, {}).items())]
            _print_table(console, f"{_LABELS[f]} by {'post level' if f == 'officials' else 'kind'}", rows)
        console.print("formulation kinds other than quoted/numbered: precision is informative, not in the total.")
    elif by == "source":
        for f in FIELDS:
            rows = [_row(s, d[f]) for s, d in sorted(rep.by_source.items())]
            _print_table(console, f"{_LABELS[f]} by source", rows)
    if rep.errors:
        console.print(f"[bold red]{len(rep.errors)} file(s) could not be read[/]")
        for fr in rep.errors:
            console.print(f"  {fr.file}: {fr.error}", markup=False, soft_wrap=True)
    if errors:
        for fr in rep.files:
            lines = []
            for f in FIELDS:
                s = fr.scored[f]
                if s.missed:
                    lines.append(f"  {f} missed:   {'; '.join(s.missed)}")
                if s.spurious:
                    lines.append(f"  {f} spurious: {'; '.join(s.spurious)}")
            if lines:
                console.print(f"[bold]{fr.file}[/] ({fr.source})", soft_wrap=True)
                for line in lines:
                    console.print(line, markup=False, soft_wrap=True)



__all__ = [
    "Counts", "FileResult", "PredEvent", "PredFormulation", "PredOfficial", "Prediction", "Report",
    "Scored", "evaluate", "evaluate_predictions", "formulation_matches", "load_gold", "normalize", "post_family",
    "post_matches", "prediction_from_documents", "score_events", "score_file", "score_formulations",
    "score_official_names", "score_officials",
]
