"""Statements: speaker + verb + the span of what was said.

"李鸿忠强调，要…" gives speaker 李鸿忠, verb 强调 and the words after the comma up to
the next statement or the end of the paragraph. "他强调" continues the last speaker.
"""

from __future__ import annotations

import re

from readout.model import Official, Span, Statement

_VERBS = "强调指出|指出|强调|要求|表示|提出|希望|认为|说|宣布|介绍|回顾|阐述|号召|勉励|叮嘱|寄语|鼓励"
# Between speaker and verb: "在讲话中", "在会上", "出席会议并", "在调研时" …
_BRIDGE = r"(?:[^，。；\n]{0,24}?(?:时|中|上|后|并|并讲话|并发表重要讲话)?)??"


def find_statements(text: str, norm: str, officials: list[Official]) -> list[Statement]:
    """Statements by the officials found (and by 他/她 continuing the last speaker)."""
    names = sorted({o.name for o in officials}, key=len, reverse=True)
    if not names:
        return []
    speakers = "|".join(map(re.escape, names)) + "|他|她"
    pattern = re.compile(rf"(?P<who>{speakers}){_BRIDGE}(?P<verb>{_VERBS})(?P<sep>[，：:]|“)")
    hits = list(pattern.finditer(norm))
    out: list[Statement] = []
    last_speaker: tuple[str, int, int] | None = None
    for k, m in enumerate(hits):
        who = m.group("who")
        ws, we = m.span("who")
        if who in ("他", "她"):
            if last_speaker is None:
                continue
            speaker = last_speaker[0]
        else:
            speaker = who
            last_speaker = (who, ws, we)
        cs = m.end() if m.group("sep") != "“" else m.end() - 1
        para_end = norm.find("\n", cs)
        ce = para_end if para_end != -1 else len(norm)
        if k + 1 < len(hits) and hits[k + 1].start() < ce:
            ce = hits[k + 1].start()
        while ce > cs and norm[ce - 1] in "，、；：":
            ce -= 1
        if ce <= cs:
            continue
        vs, ve = m.span("verb")
        out.append(Statement(cs, ce, text[cs:ce], speaker, Span(vs, ve, text[vs:ve]), Span(ws, we, text[ws:we])))
    return out
