"""Raw record to clean text, with an offset map back to the raw input.

The clean text is the title on the first line, then one paragraph per line, with
no empty lines and no leading or trailing blanks. Entities are decoded; full-width
spaces, no-break spaces and zero-width characters are removed; ASCII spaces are
removed between Chinese characters and punctuation but kept (collapsed to one)
where a Latin letter or digit stands beside them ("G20 峰会"). Light markdown
(``**``, ``### ``, links, ``<!-- -->``) is stripped from plain text.

``offsets`` is a sorted list of ``(clean_start, clean_end, raw_start, raw_end)``
segments covering every clean character, in characters of ``RawRecord.raw_text``.
Equal lengths mean a verbatim copy (``raw[rs:re] == text[cs:ce]``); unequal
lengths a replacement (an entity, or a separator standing for blanks or tags).
Adjacent verbatim runs are merged, so plain text usually has a handful of segments.

Plain text is cleaned in one regex pass: Python code runs once per match (a
paragraph break, a blank run, an entity), never once per character.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache

from readout.ingest import RawRecord
from readout.ingest.html import TAG_RE, VOID, analyse_page, is_full_page

_SP = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # horizontal blanks
_ZW = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"  # invisible
_NL = "\n\r\u2028\u2029\x0b\x0c\x85"
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"

# Plain text and markdown, tried only where ``_TEXT_SPECIAL`` finds a character that
# can start something: a search for one character class runs in C at full speed,
# while an alternation would be tried at every position.
_TEXT_SPECIAL = re.compile(rf"[{_SP}{_ZW}{_NL}&*!\[\]\\<]")
# Every part stops at a character that starts another try (a link's URL at "(", its text
# at "[" or "]", a blank run takes its zero-width characters along), so no try rescans
# what a later one reads again: a failed "](" or "![" costs its own few characters, not
# the rest of the line. Comments are found by ``_scan_text`` with one ``find`` per "-->".
_TEXT_RE = re.compile(
    rf"(?P<br>[{_SP}{_ZW}]*[{_NL}](?:[{_SP}{_ZW}]*[{_NL}])*)"
    rf"|(?P<sp>[{_SP}{_ZW}]+)"
    rf"|(?P<ent>{_ENTITY})"
    r"|(?P<drop>\*\*|!\[[^\[\]\n]*\]\([^()\n]*\)|\]\([^()\s]*\)"
    r"|\[(?=[^\[\]\n]*\]\([^()\s]*\))|\\(?=[\\`*_{}\[\]()#+\-.!&<>|~]))",
    re.S,
)
# Markdown line starts, tried at the start of each line only.
_LINE_RE = re.compile(
    r"[ \t]*(?:"
    r"\[[^\[\]\n]*\]\([^)\s]*\)[ \t]*(?=[\r\n]|\Z)"  # a line that is only a link ("[查看原文](url)")
    r"|#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?=\S)"  # heading, quote and list markers
    r"|(?:-{3,}|\*{3,}|_{3,})[ \t]*(?=[\r\n]|\Z))"  # horizontal rule
)
# Text between HTML tags: line breaks are just blanks there.
_HTML_SPECIAL = re.compile(rf"[{_SP}{_ZW}{_NL}&]")
_HTML_TEXT_RE = re.compile(rf"(?P<sp>[{_SP}{_NL}]+)|(?P<zw>[{_ZW}]+)|(?P<ent>{_ENTITY})")
_ZW_STR = "".join(chr(c) for c in (0xAD, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF))
_ZW_CHARS = frozenset(_ZW_STR)
_LATIN = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
# ASCII or full-width square brackets hold labels ([视频], [新闻联播]); 【】 holds column names,
# of which only media labels are dropped.
_TITLE_TAG = re.compile(r"[ \t\u3000]*(?:[\[［](?=[^\]］\n]*[^\W\d_])[^\]］\n]{1,10}[\]］]|【(?:视频|组图|图文|图片|音频|直播)】)[ \t\u3000]*")
_SEED_TITLE = re.compile(r"[ \t\u3000\ufeff]*(\d*)(.*?)\.txt[ \t\u3000\r]*$")
_BLOCK = frozenset(
    """p div br li tr h1 h2 h3 h4 h5 h6 section article table ul ol dl dd dt blockquote pre
    header footer td th caption figcaption hr address center main title""".split()
)
_SKIP_SUBTREE = frozenset("nav footer aside form button select svg math noscript object video audio canvas map".split())
_SKIP_ATTR = re.compile(
    r"""\b(?:class|id)\s*=\s*["']?[^"'>]*?(?:share|comment|related|recommend|breadcrumb|toolbar|copyright|advert|bshare|jiathis)"""
    r"""|display\s*:\s*none""",
    re.I,
)


@dataclass(slots=True)
class Cleaned:
    text: str
    title: str
    offsets: list[tuple[int, int, int, int]] = field(default_factory=list)


def _keeps_space(a: str, b: str) -> bool:
    """A blank between ``a`` and ``b`` survives unless it sits between Chinese text/punctuation."""
    return bool(_LATIN.match(a) or _LATIN.match(b)) or ("!" <= a <= "~" and "!" <= b <= "~")


class _Out:
    """Accumulates clean text and coarse offset segments while the raw text is scanned."""

    __slots__ = ("raw", "parts", "segs", "n", "brk", "sp", "last")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.parts: list[str] = []
        self.segs: list[list[int]] = []
        self.n = 0
        self.brk: list[int] | None = None  # raw range of a pending paragraph break
        self.sp: list[int] | None = None  # raw range of a pending blank
        self.last = ""

    def _add(self, s: str, rs: int, re_: int, verbatim: bool) -> None:
        n, ln = self.n, len(s)
        segs = self.segs
        if verbatim:
            if segs:
                last = segs[-1]
                if last[3] == rs and last[1] - last[0] == last[3] - last[2]:
                    last[1] += ln
                    last[3] = re_
                    self.parts.append(s)
                    self.n = n + ln
                    return
        elif re_ - rs == ln:
            re_ = rs  # an equal-length replacement would read as verbatim: anchor it at a point
        segs.append([n, n + ln, rs, re_])
        self.parts.append(s)
        self.n = n + ln

    def _flush(self, nxt: str) -> None:
        raw = self.raw
        if self.n:
            if self.brk is not None:
                rs, re_ = self.brk
                self._add("\n", rs, re_, re_ - rs == 1 and raw[rs] == "\n")
                self.last = "\n"
            elif self.sp is not None and _keeps_space(self.last, nxt):
                rs, re_ = self.sp
                self._add(" ", rs, re_, re_ - rs == 1 and raw[rs] == " ")
        self.brk = self.sp = None

    def text(self, rs: int, re_: int) -> None:
        """Copy ``raw[rs:re_]`` (no blanks in it) verbatim."""
        if self.brk is not None or self.sp is not None:
            self._flush(self.raw[rs])
        self._add(self.raw[rs:re_], rs, re_, True)
        self.last = self.raw[re_ - 1]

    def put(self, s: str, rs: int, re_: int) -> None:
        """Emit ``s`` in place of ``raw[rs:re_]``."""
        if self.brk is not None or self.sp is not None:
            self._flush(s[0])
        self._add(s, rs, re_, False)
        self.last = s[-1]

    # A pending separator grows over the blanks and tags that follow it in the raw text; one
    # that comes from earlier in the raw text (a page's body after its headline, which was
    # emitted first) starts afresh, so a segment never ends before it starts.
    def brk_(self, rs: int, re_: int) -> None:
        if self.brk is None or rs < self.brk[1]:
            self.brk = [rs, re_]
        else:
            self.brk[1] = re_
        self.sp = None

    def space(self, rs: int, re_: int) -> None:
        if self.brk is not None:
            return
        if self.sp is None or rs < self.sp[1]:
            self.sp = [rs, re_]
        else:
            self.sp[1] = re_

    def entity(self, rs: int, re_: int) -> None:
        src = self.raw[rs:re_]
        dec = html.unescape(src)
        if dec == src:
            self.text(rs, re_)
        elif dec.isspace():
            self.space(rs, re_)
        elif all(c in _ZW_CHARS for c in dec):
            pass
        else:
            self.put(dec, rs, re_)

    def result(self) -> tuple[str, list[tuple[int, int, int, int]]]:
        return "".join(self.parts), [tuple(s) for s in self.segs]  # type: ignore[misc]


def _scan_text(out: _Out, start: int, end: int, *, markdown: bool = True) -> None:
    """One pass over ``raw[start:end]``; Python runs per token (a break, a blank run,
    an entity), never per character."""
    raw = out.raw
    if markdown:
        search, match, line = _TEXT_SPECIAL.search, _TEXT_RE.match, _LINE_RE.match
    else:
        search, match, line = _HTML_SPECIAL.search, _HTML_TEXT_RE.match, None
    pos = i = start
    if line is not None and (start == 0 or raw[start - 1] == "\n") and (lm := line(raw, start, end)):
        pos = i = lm.end()
    close = start  # where the last "-->" looked for was found (-1: there is none further on)
    while (c := search(raw, i, end)) is not None:
        s = c.start()
        m = match(raw, s, end)
        if m is None:
            if line is None or not raw.startswith("<!--", s):
                i = s + 1
                continue
            # a comment runs to the first "-->" after it: found once for all the "<!--" before it
            if 0 <= close < s + 4:
                close = raw.find("-->", s + 4, end)
            if close < 0:
                i = s + 1
                continue
            if s > pos:
                out.text(pos, s)
            pos = i = close + 3
            continue
        if s > pos:
            out.text(pos, s)
        k = m.lastgroup
        pos = i = m.end()
        if k == "br":
            out.brk_(s, pos)
            if line is not None and (lm := line(raw, pos, end)) and lm.end() > pos:
                pos = i = lm.end()
        elif k == "sp":
            # one blank run with its zero-width characters: the blank stands for its first
            # to its last visible blank (an all zero-width run is dropped)
            run = raw[s:pos]
            if (lead := len(run) - len(run.lstrip(_ZW_STR))) < len(run):
                out.space(s + lead, s + len(run.rstrip(_ZW_STR)))
        elif k == "ent":
            out.entity(s, pos)
    if pos < end:
        out.text(pos, end)


def _scan_html(out: _Out, start: int, end: int, *, inline: bool = False) -> None:
    """Walk the HTML in ``raw[start:end]``: text between tags, block tags as paragraph breaks."""
    raw = out.raw
    pos = start
    skip: str | None = None  # name of the element whose subtree is being skipped
    depth = 0
    for m in TAG_RE.finditer(raw, start, end):
        s = m.start()
        if skip is None and s > pos:
            _scan_text(out, pos, s, markdown=False)
        pos = m.end()
        name = m.group("name")
        if name is None:
            continue  # comment, doctype, script/style/title … : no visible text
        name = name.lower()
        closing = m.group("close") is not None
        if skip is not None:
            if name == skip:
                if closing:
                    depth -= 1
                    if depth == 0:
                        skip = None
                elif not m.group("attrs").rstrip().endswith("/"):
                    depth += 1
            continue
        if not closing and name not in VOID and (name in _SKIP_SUBTREE or _SKIP_ATTR.search(m.group("attrs"))):
            if not m.group("attrs").rstrip().endswith("/"):
                skip, depth = name, 1
            continue
        if name in _BLOCK:
            if inline:
                out.space(s, pos)
            else:
                out.brk_(s, pos)
    if skip is None and pos < end:
        _scan_text(out, pos, end, markdown=False)


def _first_line_end(raw: str) -> int:
    nl = raw.find("\n")
    return len(raw) if nl == -1 else nl


def _clean_page(record: RawRecord, out: _Out) -> None:
    raw = record.raw_text
    title_span, body_span = record.title_span, record.body_span
    if body_span is None:
        parts = analyse_page(raw)
        title_span, body_span = parts.title_span, parts.body_span
    if title_span is not None:
        _scan_html(out, *title_span, inline=True)
        out.brk_(title_span[1], title_span[1])
    bs, be = body_span
    if title_span is not None and bs <= title_span[0] and title_span[1] <= be:
        # The headline sits inside the article container: do not repeat it.
        _scan_html(out, bs, title_span[0])
        out.brk_(title_span[0], title_span[1])
        _scan_html(out, title_span[1], be)
    else:
        _scan_html(out, bs, be)


def clean(record: RawRecord) -> Cleaned:
    """Clean one raw record into title + paragraphs, keeping the offset map."""
    raw = record.raw_text
    out = _Out(raw)
    fmt = record.format
    if fmt == "html" and (record.body_span is not None or is_full_page(raw)):
        _clean_page(record, out)
    elif record.markup == "html":
        # A plain title line, then an HTML body (seed files, JSON records with HTML bodies);
        # an HTML fragment without a title line is all body.
        first_end = _first_line_end(raw)
        has_title_line = fmt == "seed" or (record.title is not None and "<" not in raw[:first_end])
        if has_title_line:
            t0, t1 = 0, first_end
            if fmt == "seed" and (m := _SEED_TITLE.match(raw, 0, first_end)):
                t0, t1 = m.span(2)
                if m.group(1) and len(m.group(1)) > 4 and raw.startswith("年", t0):
                    t0 = m.start(2) - 4  # "52019年…": index 5, the year belongs to the headline
            _scan_text(out, t0, t1)
            out.brk_(first_end, min(first_end + 1, len(raw)))
            _scan_html(out, min(first_end + 1, len(raw)), len(raw))
        else:
            _scan_html(out, 0, len(raw))
    else:
        _scan_text(out, 0, len(raw))
    text, offsets = out.result()
    nl = text.find("\n")
    return Cleaned(text=text, title=text if nl == -1 else text[:nl], offsets=offsets)


def clean_title(title: str) -> str:
    """The headline without the leading tags a broadcaster or site puts on it.

    ``[视频]…`` (CCTV's media label), ``[标题]``, ``［组图］``, ``【视频】``: bracketed media or
    programme labels go; a 【column】 name such as 【央视快评】 is part of the headline and
    stays. The result is a suffix of ``title`` (so it has a span in the text); a title
    that is nothing but tags is kept whole.
    """
    i = 0
    while (m := _TITLE_TAG.match(title, i)) and m.end() < len(title):
        i = m.end()
    return title[i:]


def verify_offsets(raw: str, cleaned: Cleaned) -> None:
    """Raise ``ValueError`` unless ``cleaned.offsets`` is a valid map into ``raw``.

    Segments must be sorted and contiguous over the whole clean text, lie inside
    ``raw``, copy verbatim where lengths agree, and otherwise stand for an entity
    or a separator (a blank or a line break).
    """
    text, pos = cleaned.text, 0
    for seg in cleaned.offsets:
        cs, ce, rs, re_ = seg
        if cs != pos or ce <= cs or not 0 <= rs <= re_ <= len(raw):
            raise ValueError(f"segment {seg} breaks the cover at {pos} (raw length {len(raw)})")
        if ce - cs == re_ - rs:
            if raw[rs:re_] != text[cs:ce]:
                raise ValueError(f"verbatim segment {seg}: {raw[rs:re_]!r} != {text[cs:ce]!r}")
        elif text[cs:ce] not in ("\n", " ") and html.unescape(raw[rs:re_]) != text[cs:ce]:
            raise ValueError(f"replacement segment {seg}: {raw[rs:re_]!r} -> {text[cs:ce]!r}")
        pos = ce
    if pos != len(text):
        raise ValueError(f"segments cover {pos} of {len(text)} clean characters")


@cache
def _t2s():  # noqa: ANN202
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _char_table() -> dict[int, str]:
    """OpenCC's one-character t2s mapping, for lines where a phrase rule changed the length.

    Built by converting every CJK code point once (each on its own line, so no
    phrase rule applies): ~20 ms, and it follows whatever dictionary OpenCC ships.
    """
    ranges = ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x2EBEF))
    chars = [chr(c) for a, b in ranges for c in range(a, b + 1)]
    conv = _t2s().convert("\n".join(chars)).split("\n")
    return {ord(c): o for c, o in zip(chars, conv) if c != o and len(o) == 1}


def simplify(text: str) -> str:
    """Traditional → simplified, character for character, so offsets stay valid.

    OpenCC (phrase rules included) converts simplified text at ~70 M chars/s, so no
    pre-check is needed. Any line whose length a phrase rule changed is converted
    again one character at a time.
    """
    out = _t2s().convert(text)
    if out == text:
        return text
    src_lines, out_lines = text.split("\n"), out.split("\n")
    if len(src_lines) != len(out_lines):
        return text.translate(_char_table())
    if len(out) == len(text) and all(len(a) == len(b) for a, b in zip(src_lines, out_lines)):
        return out
    table = _char_table()
    return "\n".join(b if len(a) == len(b) else a.translate(table) for a, b in zip(src_lines, out_lines))
