"""Article text with its annotations highlighted, built from stand-off spans.

Every piece of text is escaped (``markupsafe.escape``) before it is wrapped, so markup
inside an article (``<script>``, ``<img onerror>``) is shown as text, never parsed.
Spans may overlap: the text is cut at every span boundary and each piece carries the
classes of all spans covering it (``k-<kind>``) and their anchor ids (``data-s``), so a
fact in the side list can jump to its span (``#id``) and a small script can light up
all pieces of the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

# When two spans both want to make a piece a link, the earlier kind here wins.
LINK_PRIORITY = ("official", "region")


@dataclass(slots=True, frozen=True)
class Span:
    start: int
    end: int
    kind: str  # event | meeting | date | statement | official | post | formulation | reuse | region | hit
    anchor: str | None = None  # element id the side list links to
    href: str | None = None  # where clicking the piece goes (officials, regions)
    title: str | None = None  # tooltip


def highlight(text: str, spans: list[Span], *, offset: int = 0) -> Markup:
    """HTML for ``text`` (which starts at document offset ``offset``) with ``spans`` marked."""
    n = len(text)
    spans = [s for s in spans if s.end > offset and s.start < offset + n and s.end > s.start]
    cuts = {0, n}
    for s in spans:
        cuts.add(min(max(s.start - offset, 0), n))
        cuts.add(min(max(s.end - offset, 0), n))
    bounds = sorted(cuts)
    starting: dict[int, list[Span]] = {}
    for s in spans:
        starting.setdefault(max(s.start - offset, 0), []).append(s)
    active: list[Span] = []
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:]):
        active = [s for s in active if s.end - offset > a]
        for s in starting.get(a, ()):
            active.append(s)
            if s.anchor:
                out.append(f'<a class="anchor" id="{escape(s.anchor)}" aria-hidden="true"></a>')
        piece = escape(text[a:b])
        if not active:
            out.append(str(piece))
            continue
        kinds = sorted({s.kind for s in active})
        anchors = " ".join(s.anchor for s in active if s.anchor)
        titles = "; ".join(dict.fromkeys(s.title for s in active if s.title))
        attrs = f' class="{" ".join("k-" + k for k in kinds)}"'
        if anchors:
            attrs += f' data-s="{escape(anchors)}"'
        if titles:
            attrs += f' title="{escape(titles)}"'
        link = next((s for k in LINK_PRIORITY for s in active if s.kind == k and s.href), None)
        if link:
            out.append(f'<a href="{escape(link.href)}"{attrs}>{piece}</a>')
        else:
            out.append(f"<span{attrs}>{piece}</span>")
    return Markup("".join(out))


def path_part(value: str) -> str:
    """A value as one URL path segment (slashes too)."""
    return quote(value, safe="")
