"""Sections: split a roundup into per-region parts; a one-event report is one section.

A paragraph opens a section when a region is named in its opening clause
("9月9日，吉林召开…", "江苏省委近日召开…"). When at least two paragraphs open with
different regions the report is a roundup: each opener starts a section that runs
to the next opener, and the lead paragraphs before the first opener belong to none.
Otherwise the whole body is one section.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from readout.extract.regions import enumerated, to_ref
from readout.model import RegionMention, Section

# The opening clause: up to the first comma after an optional leading date.
_OPENING = re.compile(r"[^，。；：\n]{0,40}?(?:[，。；：]|$)")
_DATE_LEAD = re.compile(r"(?:(?:\d{4}|[一二〇○]{4})年)?(?:\d{1,2}月)?\d{1,2}日(?:上午|下午|晚上|晚)?，?")


def paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line from ``start`` on."""
    out = []
    pos = start
    for line in text[start:].split("\n"):
        if line:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def opening_region(norm: str, ps: int, pe: int, mentions: list[RegionMention], lo: int = 0) -> RegionMention | None:
    """The region named in a paragraph's opening clause, if any (not abroad).

    ``mentions`` are sorted by start; ``lo`` may skip those known to start before ``ps``.
    """
    i = ps
    d = _DATE_LEAD.match(norm, i)
    if d:
        i = d.end()
    o = _OPENING.match(norm, i)
    limit = o.end() if o else min(pe, i + 20)
    for k in range(lo, len(mentions)):  # not islice: it steps over the first ``lo`` one by one
        m = mentions[k]
        if m.start >= limit:
            break
        if m.start >= ps and m.level != "country" and m.province_code:
            return m
    return None


def split_sections(text: str, norm: str, mentions: list[RegionMention], title_end: int) -> list[Section]:
    """Per-region sections of the body (everything after the title line)."""
    body_start = title_end + 1 if title_end < len(text) else title_end
    paras = paragraphs(norm, body_start)
    if not paras:
        return []
    mentions = sorted(mentions, key=lambda m: m.start)
    listed = enumerated(norm, mentions)
    # a list of many provinces ("北京、天津、河北…") names no section's or story's region
    mentions = [m for m, x in zip(mentions, listed) if not x]
    starts = [m.start for m in mentions]
    openers: list[tuple[int, RegionMention]] = []
    for idx, (ps, pe) in enumerate(paras):
        m = opening_region(norm, ps, pe, mentions, bisect_left(starts, ps))
        if m is not None:
            openers.append((idx, m))
    provinces = {m.province for _, m in openers}
    if len(openers) >= 2 and len(provinces) >= 2:
        sections = []
        # consecutive openers of the same province continue one section
        merged: list[tuple[int, RegionMention]] = []
        for idx, m in openers:
            if merged and merged[-1][1].province == m.province:
                continue
            merged.append((idx, m))
        for k, (idx, m) in enumerate(merged):
            s = paras[idx][0]
            e = paras[merged[k + 1][0] - 1][1] if k + 1 < len(merged) else paras[-1][1]
            sections.append(Section(s, e, text[s:e], to_ref(m)))
        return sections
    s, e = paras[0][0], paras[-1][1]
    region = None
    if openers:
        region = to_ref(openers[0][1])
    else:
        first = next((m for m in mentions if m.start >= body_start and m.level != "country" and m.province_code), None)
        if first is not None:
            region = to_ref(first)
    return [Section(s, e, text[s:e], region)]
