"""What readout still gets wrong on the validation sets, by class, with counts.

    python benchmarks/error_classes.py --dev ../shared/corpus/dev --xwlb PATH/TO/xwlb

Every miss and false hit that ``readout eval`` counts on dev-validation and archive-validation
is put in one class by a fixed rule below (the same rules every run, so the counts can be
compared between commits), and the table is written into the ``error-classes`` block of
``docs/accuracy.md``. The rules look at the gold row, readout's prediction and the text; they
describe, they fix nothing. Only counts leave this script, never the validation texts.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

from _report import write_section  # noqa: E402

from readout.evaluate.matching import normalize  # noqa: E402
from readout.evaluate.reading import prediction_from_documents  # noqa: E402
from readout.evaluate.scoring import Prediction, score_file  # noqa: E402
from readout.evaluate.validation import ARCHIVE_ENV, measured_sets  # noqa: E402

DEFAULT_DEV = REPO.parent / "shared" / "corpus" / "dev"
# International bodies whose officials are foreign officials for this table.
_BODIES = re.compile(r"联合国|世卫组织|世界卫生组织|北约|欧盟|欧洲联盟|非盟|东盟|国际奥委会|世界银行|国际货币基金")
_QUOTED = "“{}”"


@cache
def _gazetteer() -> Any:
    from readout.extract.regions import load_gazetteer

    return load_gazetteer()


@cache
def _provinces() -> frozenset[str]:
    """Full names of China's province-level units, and 全国."""
    names = {"全国"}
    for line in (REPO / "src" / "readout" / "data" / "regions.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 2 and cols[2] == "province":
            names.add(cols[1])
    return frozenset(names)


def _foreign_region(region: str | None) -> bool:
    return bool(region) and region not in _provinces()


def _foreign_post(name: str, post: str) -> bool:
    from readout.extract.regions import find_regions

    if "·" in name or _BODIES.search(post):
        return True
    return any(m.level == "country" for m in find_regions(post, _gazetteer()))


# ---------------------------------------------------------------- one class per error


def official_classes(gold: Mapping[str, Any], pred: Prediction, text: str) -> Iterable[tuple[str, str]]:
    """(kind, class) for each missed and each false (name, post) pair, as the scorer counts them."""
    scored = score_file(gold, pred).scored["officials"]
    gold_names = {normalize(o["name"]) for o in gold.get("officials") or []}
    pred_by_name: dict[str, list[tuple[str, bool]]] = {}
    for o in pred.officials:
        pred_by_name.setdefault(normalize(o.name), []).extend((normalize(p), o.political) for p in o.posts)
    for item in scored.missed:
        name, post = item.split("|", 1)
        if _foreign_post(name, post):
            yield "miss", "foreign official (a name with ·, or a post of another country or an international body)"
        elif any(not pol for _, pol in pred_by_name.get(name, [])):
            yield "miss", "found, but flagged non-political"
        elif name in pred_by_name:
            yield "miss", "name found with another post (a post further from the name, or a second post)"
        elif any(n != name and (n.startswith(name) or name.startswith(n)) for n in pred_by_name):
            yield "miss", "name cut wrong (taken with the word after it, or cut short)"
        elif name + post in text or name + "同志" in text:
            yield "miss", "post written after the name (王毅外长), missed"
        else:
            yield "miss", "name not found (an unknown name next to its post)"
    for item in scored.spurious:
        name, post = item.split("|", 1)
        if any(n != name and (n.startswith(name) or name.startswith(n)) for n in gold_names):
            yield "false", "name cut wrong (taken with the word after it, or cut short)"
        elif name in gold_names:
            yield "false", "post the gold does not give this person (a group label, or another person's post)"
        else:
            yield "false", "not a person (words before a post taken as a name)"


def event_classes(gold: Mapping[str, Any], pred: Prediction) -> Iterable[tuple[str, str]]:
    scored = score_file(gold, pred).scored["events"]
    pub = gold.get("pub_date") or ""
    pred_items = [(d, r) for d, r in (s.split("|", 1) for s in _pred_items(pred))]
    pred_days = {d for d, _ in pred_items}
    gold_days = {e["date"] for e in gold.get("events") or [] if e.get("date")}
    for item in scored.missed:
        day, regions = item.split("|", 1)
        regions_set = set(regions.split("/"))
        foreign = all(_foreign_region(r) for r in regions_set if r != "None")
        if foreign and (day, "None") in pred_items:
            yield "miss", "abroad: the day found, the country not given"
        elif foreign and day not in pred_days:
            yield "miss", "abroad: the day not found"
        elif day in pred_days:
            yield "miss", "right day, another region (several places on one day, fewer found; 全国 against a province)"
        elif day == pub:
            yield "miss", "an activity of the broadcast day that is no meeting or visit (今天…公布/宣布/进行), missed"
        else:
            yield "miss", "another day named in the text, missed"
    for item in scored.spurious:
        day, region = item.split("|", 1)
        if region == "None":
            yield "false", "no region given (mostly events abroad)"
        elif day in gold_days:
            yield "false", "right day, another region (several places on one day, fewer found; 全国 against a province)"
        elif pub and _days_between(day, pub) > 31:
            yield "false", "a day long before the broadcast (history, an anniversary, a quoted earlier date)"
        elif pub and _days_between(day, pub) < 0:
            yield "false", "a day after the broadcast (a plan, a deadline)"
        else:
            yield "false", "a recent day the gold does not count as an event here"


def _pred_items(pred: Prediction) -> list[str]:
    """The scorer's predicted event items, as ``day|region`` strings."""
    empty = {"file": "", "officials": [], "events": [], "formulations": []}
    return score_file(empty, pred).scored["events"].spurious


def _days_between(day: str, pub: str) -> int:
    try:
        return (date.fromisoformat(pub) - date.fromisoformat(day)).days
    except ValueError:
        return 0


def label_classes(gold: Mapping[str, Any], pred: Prediction) -> Iterable[tuple[str, str]]:
    scored = score_file(gold, pred).scored
    for item in scored["event_kind"].missed:
        g, p = item.rsplit(": ", 1)[1].split(" → ")
        yield "wrong", f"{g} read as {p}"
    for item in scored["event_leader"].missed:
        g, p = item.rsplit(": ", 1)[1].split(" → ")
        if p == "None":
            yield "wrong", "leader named in gold, none found"
        elif g == "None":
            yield "wrong", "a leader given where gold names none (an official not present, or quoted)"
        else:
            yield "wrong", "another official chosen as leader"


def speaker_classes(gold: Mapping[str, Any], pred: Prediction) -> Iterable[tuple[str, str]]:
    if gold.get("speakers") is None:
        return
    scored = score_file(gold, pred).scored["speakers"]
    names = {normalize(o.name) for o in pred.officials}
    for name in scored.missed:
        if name in names:
            yield "miss", "official found, words not attributed (他/她, 表示 after a clause, a quote first)"
        else:
            yield "miss", "speaker not found as an official (see officials)"
    for _ in scored.spurious:
        yield "false", "speaker the gold does not list (a name cut wrong, or words not the speaker's)"


def formulation_classes(gold: Mapping[str, Any], pred: Prediction, text: str) -> Iterable[tuple[str, str]]:
    scored = score_file(gold, pred).scored["formulations"]
    norm_text = normalize(text)
    for g in scored.missed:
        if _QUOTED.format(g) in text:
            yield "miss", "quoted in the text, not taken"
        elif re.match(r"^[一二三四五六七八九十百两0-9]", g):
            yield "miss", "numbered formula without quotes, not taken"
        elif g in norm_text:
            yield "miss", "slogan without quotes or number, not in the lexicon"
        else:
            yield "miss", "gold wording not in the text as written"
    kinds = {normalize(f.text): f.kind for f in pred.formulations}
    for key in scored.spurious:
        kind = kinds.get(key, "quoted")
        if kind == "numbered":
            yield "false", "a count or list head (三个月, 40项改革), not a formula"
        elif len(key) > 10 or "，" in key or "、" in key and len(key) > 8:
            yield "false", "a quoted remark or sentence"
        else:
            yield "false", "a quoted name or term (a programme, product, place, nickname, foreign party)"


# ---------------------------------------------------------------- sets and table


def classify(rows: list[dict[str, Any]], corpus: Path) -> dict[tuple[str, str, str], int]:
    """(field, kind, class) → count over the set."""
    import readout

    counts: Counter[tuple[str, str, str]] = Counter()
    for g in rows:
        docs = readout.read_file(corpus / g["file"])
        pred = prediction_from_documents(docs)
        text = "\n".join(d.text for d in docs)
        for field, found in (("officials", official_classes(g, pred, text)), ("events", event_classes(g, pred)),
                             ("event kind / leader", label_classes(g, pred)),
                             ("speakers", speaker_classes(g, pred)),
                             ("formulations", formulation_classes(g, pred, text))):
            for kind, cls in found:
                counts[(field, kind, cls)] += 1
    return dict(counts)


def render(by_set: Mapping[str, Mapping[tuple[str, str, str], int]]) -> str:
    names = list(by_set)
    keys = sorted({k for c in by_set.values() for k in c},
                  key=lambda k: (_FIELD_ORDER.index(k[0]), _KIND_ORDER.index(k[1]),
                                 -sum(c.get(k, 0) for c in by_set.values())))
    lines = ["| field | miss / false hit | class | " + " | ".join(names) + " |",
             "|---|---|---|" + "---|" * len(names)]
    for field, kind, cls in keys:
        counts = " | ".join(str(by_set[n].get((field, kind, cls), 0)) for n in names)
        lines.append(f"| {field} | {_KIND_LABEL[kind]} | {cls} | {counts} |")
    return "\n".join(lines)


_FIELD_ORDER = ["officials", "events", "event kind / leader", "speakers", "formulations"]
_KIND_ORDER = ["miss", "false", "wrong"]
_KIND_LABEL = {"miss": "miss", "false": "false hit", "wrong": "wrong label"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--xwlb", type=Path, default=os.environ.get(ARCHIVE_ENV) or None)
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "accuracy.md")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="readout-xwlb-") as tmp:
        sets = measured_sets(args.dev, args.xwlb, tmp, tuning=False)
        by_set = {name: classify(rows, corpus) for name, (rows, corpus) in sets.items()}
    if not by_set:
        print("skipped: neither the dev corpus nor the archive is there")
        return 0
    table = render(by_set)
    write_section("error-classes", table, doc=args.out)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
