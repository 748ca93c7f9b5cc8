"""Statements: speaker + verb + the span of what was said.

"李鸿忠强调，要…" gives speaker 李鸿忠, verb 强调 and the words after the comma up to
the next statement or the end of the paragraph. "他强调" continues the last speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from readout.model import Official, Span, Statement

_VERBS = "强调指出|指出|强调|要求|表示|提出|希望|认为|说|宣布|介绍|回顾|阐述|号召|勉励|叮嘱|寄语|鼓励"
# Between speaker and verb: "在讲话中", "在会上", "出席会议并", "在调研时" …
_VERB = re.compile(rf"(?P<verb>{_VERBS})(?P<sep>[，：:“])")
_PRONOUN = re.compile("[他她]")
_CLAUSE_BREAK = re.compile(r"[，。；\n]")
# Between speaker and verb: "在讲话中", "在会上", "出席会议并" … at most this many characters.
_MAX_BRIDGE = 26
# A name that is cited, not speaking: 习近平新时代…思想, 习近平总书记关于…, 习近平的…
_CITED = re.compile(r"(?:总书记|同志)?(?:新时代|关于|的)")


def find_statements(text: str, norm: str, officials: list[Official]) -> list[Statement]:
    """Statements by the officials found (and by 他/她 continuing the last speaker).

    Verbs are found first (one precompiled pattern); each takes the leftmost speaker
    mention in its clause within ``_MAX_BRIDGE`` characters before it.
    """
    if not officials:
        return []
    whos = sorted(
        [(m.start, m.end, o.name) for o in officials for m in o.mentions]
        + [(m.start(), m.end(), "") for m in _PRONOUN.finditer(norm)]
    )
    starts = [w[0] for w in whos]
    hits: list[tuple[int, int, str, re.Match[str]]] = []
    floor = 0  # a speaker is used once, and not before the previous statement's verb
    for v in _VERB.finditer(norm):
        vs = v.start()
        lo = bisect_left(starts, max(floor, vs - _MAX_BRIDGE - 4))
        hi = bisect_left(starts, vs)
        for ws, we, name in whos[lo:hi]:
            if (ws >= floor and we <= vs and vs - we <= _MAX_BRIDGE and not _CLAUSE_BREAK.search(norm, we, vs)
                    and not (name and _CITED.match(norm, we))):
                hits.append((ws, we, name, v))
                floor = v.end()
                break
    out: list[Statement] = []
    last_speaker: str | None = None
    for k, (ws, we, name, m) in enumerate(hits):
        if not name:
            if last_speaker is None:
                continue
            speaker = last_speaker
        else:
            speaker = last_speaker = name
        cs = m.end() if m.group("sep") != "“" else m.end() - 1
        para_end = norm.find("\n", cs)
        ce = para_end if para_end != -1 else len(norm)
        if k + 1 < len(hits) and hits[k + 1][0] < ce:
            ce = hits[k + 1][0]
        while ce > cs and norm[ce - 1] in "，、；：":
            ce -= 1
        if ce <= cs:
            continue
        vs, ve = m.span("verb")
        out.append(Statement(cs, ce, text[cs:ce], speaker, Span(vs, ve, text[vs:ve]), Span(ws, we, text[ws:we])))
    return out
