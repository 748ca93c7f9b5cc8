"""When a predicted string counts as a gold one, and one-to-one matching of item lists.

The rules are those of ``SCHEMA.md`` "Scoring": strings are normalised (traditional →
simplified, quotes and white space removed); posts match by suffix, formulations by
containment. Matching is maximum bipartite, so one prediction never earns two true
positives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

MIN_SUFFIX_CHARS = 3  # shorter post must have at least this many characters to match by suffix
MIN_CONTAINMENT = 0.6  # shorter formulation ≥ 60% of the longer to match by containment

# Quotes of every style; stripped before comparing (SCHEMA: "strip quotes and white space").
_QUOTES_WS = re.compile(r"[\s\u3000\u200b\ufeff\"'“”‘’「」『』〝〞＂＇﹁﹂﹃﹄]+")


@cache
def _simplifier() -> Callable[[str], str]:
    from readout.clean import simplify

    return simplify


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


def max_matching(n_left: int, n_right: int, ok: Callable[[int, int], bool],
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


def match_items(gold: Sequence[Any], gold_optional: Sequence[bool], preds: Sequence[Any],
                ok: Callable[[Any, Any], bool]) -> tuple[dict[int, int], set[int], set[int]]:
    """Match required gold first (to maximise TP), then let optional gold absorb leftovers.

    Returns (required gold index → pred index, unmatched required gold, spurious preds).
    """
    req = [i for i, opt in enumerate(gold_optional) if not opt]
    opt = [i for i, o in enumerate(gold_optional) if o]
    m1 = max_matching(len(req), len(preds), lambda a, b: ok(gold[req[a]], preds[b]))
    matched = {req[a]: b for a, b in m1.items()}
    taken = set(m1.values())
    free = [j not in taken for j in range(len(preds))]
    m2 = max_matching(len(opt), len(preds), lambda a, b: ok(gold[opt[a]], preds[b]), free)
    used = taken | set(m2.values())
    missed = {i for i in req if i not in matched}
    spurious = {j for j in range(len(preds)) if j not in used}
    return matched, missed, spurious
