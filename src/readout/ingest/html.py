"""Full HTML pages: where the title and the article body are, with exact raw offsets.

selectolax (lexbor) decides *which* elements hold the title and the article, since a
real HTML5 tree makes container and density heuristics reliable. It gives no source
positions, so each chosen element is found again in the raw text by a regex
tokenizer: the n-th start tag of the same name, checked against its attributes.
The cleaner then walks only that raw range, so every clean character keeps its
exact position in the page.
"""

from __future__ import annotations

import html as _html
import logging
import re
from dataclasses import dataclass

from readout.ingest.dates import parse_date

log = logging.getLogger(__name__)

# One token of HTML source. Raw-text elements (script, style, title …) are matched
# whole so their content never looks like markup; ``<noscript>`` is *not* raw text
# here because lexbor parses it as markup (scripting off) and tag ordinals must agree.
# An unquoted "<" ends a tag that never closed: a try then stops at the next "<" instead
# of reading to the end of the page, once per "<" ("<a x<a x…": quadratic).
TAG_RE = re.compile(
    r"""<!--.*?(?:-->|\Z)
    |<(?P<raw>script|style|template|textarea|title|xmp|iframe|noembed|noframes)\b
        (?P<rawattrs>(?:[^<>"']|"[^"]*"|'[^']*')*)>(?P<rawbody>.*?)(?:</(?P=raw)\s*>|\Z)
    |<!\[CDATA\[.*?(?:\]\]>|\Z)
    |<[!?][^<>]*>
    |<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>(?:[^<>"']|"[^"]*"|'[^']*')*)>""",
    re.S | re.I | re.X,
)
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_FULL_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_FRAGMENT = re.compile(r"<(?:p|div|br|span|table|td|li|h[1-6]|section|article|font|strong)\b[^>]*>", re.I)
VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen".split())

# Containers that hold the article on common Chinese news sites (CCTV, Xinhua,
# People's Daily, provincial party papers, WeChat), most specific first.
_KNOWN = (
    "#content_area",
    ".cnt_bd",
    "#text_area",
    "#zoom",
    ".TRS_Editor",
    "[itemprop=articleBody]",
    "#js_content",
    ".rich_media_content",
    "#detailContent",
    "#articleContent",
    ".article-content",
    ".article_content",
    "#article_content",
    ".rm_txt_con",
    "#p-detail",
    "#detail",
)
_GENERIC = ("article", "main", "#content", ".content", "#article", ".article", ".text")
_TITLE_PREFIX = re.compile(r"^\s*(?:\[[^\]\n]{1,8}\]\s*)?")
_TITLE_SITE_SEP = re.compile(r"\s*(?:_|\||｜|\s[-–—]\s)")
_DATE_META = frozenset(
    """publishdate pubdate publish_date publish-date publication_date article:published_time
    og:published_time datepublished dc.date dc.date.issued date firstpublishedtime
    parsely-pub-date sailthru.date""".split()
)


@dataclass(frozen=True, slots=True)
class PageParts:
    """Where a page's title and article body are in the raw text."""

    title: str | None  # plain title text (metadata)
    title_span: tuple[int, int] | None  # raw range holding the title
    body_span: tuple[int, int]  # raw range of the article container's content
    pub_date: str | None  # from <meta> publication-date tags, ISO


def is_full_page(text: str) -> bool:
    """A whole page (doctype/html/head/body) rather than a fragment."""
    return _FULL_PAGE.search(text, 0, 4096) is not None


def has_markup(text: str, start: int = 0) -> bool:
    """The text (from ``start``) holds HTML block or inline tags."""
    return _FRAGMENT.search(text, start, start + 20000) is not None


def parse_attrs(s: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR_RE.finditer(s):
        name = m.group(1).lower()
        if name not in out:
            val = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
            out[name] = _html.unescape(val) if val else ""
    return out


def element_inner(raw: str, tag_end: int, name: str) -> tuple[int, int]:
    """The content range of the element whose start tag ends at ``tag_end``."""
    depth = 1
    for m in TAG_RE.finditer(raw, tag_end):
        n = m.group("name")
        if n is None or n.lower() != name:
            continue
        if m.group("close"):
            depth -= 1
            if depth == 0:
                return tag_end, m.start()
        elif name == "p":
            return tag_end, m.start()  # <p> cannot nest: a new one closes the open one
        elif not m.group("attrs").rstrip().endswith("/"):
            depth += 1
    return tag_end, len(raw)


# Elements that a sibling's start tag closes, so an unclosed one does not deepen the tree.
_IMPLIED_END = frozenset("p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp rtc".split())
# Deeper pages are not given to lexbor: an HTML5 parser checks the stack of open elements
# at each block start tag, so its time grows with depth × tags (10⁵ nested <div>: minutes).
# Chromium's parser stops nesting at the same depth (kMaximumHTMLParserDOMTreeDepth = 512).
MAX_TREE_DEPTH = 512


class _Tags:
    """Start tags of the raw page by name, in source order, for finding lexbor nodes again;
    ``depth`` is the deepest nesting of elements, counted as a browser would close them."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.by_name: dict[str, list[re.Match[str]]] = {}
        stack: list[str] = []
        open_: dict[str, int] = {}
        self.depth = 0
        for m in TAG_RE.finditer(raw):
            name = m.group("name") or m.group("raw")
            if not name:
                continue
            name = name.lower()
            if not m.group("close"):
                self.by_name.setdefault(name, []).append(m)
                attrs = m.group("attrs")
                if attrs is not None and name not in VOID and name not in _IMPLIED_END and not attrs.rstrip().endswith("/"):
                    stack.append(name)
                    open_[name] = open_.get(name, 0) + 1
                    self.depth = max(self.depth, len(stack))
            elif open_.get(name):
                # an end tag closes its element and whatever was left open inside it
                while (top := stack.pop()) != name:
                    open_[top] -= 1
                open_[name] -= 1

    def locate(self, tree, node) -> tuple[int, int] | None:  # noqa: ANN001
        """Raw content range of a lexbor element node."""
        name = node.tag
        cands = self.by_name.get(name, [])
        if not cands:
            return None
        want = {k.lower(): v or "" for k, v in node.attributes.items()}
        ordinal = next((i for i, n in enumerate(tree.css(name)) if n.mem_id == node.mem_id), -1)

        def attrs(m: re.Match[str]) -> dict[str, str]:
            return parse_attrs(m.group("attrs") if m.group("name") else m.group("rawattrs"))

        if 0 <= ordinal < len(cands) and attrs(cands[ordinal]) == want:
            m = cands[ordinal]
        else:
            same = [i for i, c in enumerate(cands) if attrs(c) == want]
            if not same:
                log.debug("could not find <%s %s> in the raw page", name, want)
                return None
            m = cands[min(same, key=lambda i: abs(i - ordinal))]
        if m.group("raw"):
            return m.span("rawbody")
        return element_inner(self.raw, m.end(), name)


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", _html.unescape(s))


def _trim_title(raw: str, start: int, end: int) -> tuple[int, int]:
    """Drop a "[视频]"-style tag in front and a "_site name" tail from a raw title range."""
    s = raw[start:end]
    lead = len(s) - len(s.lstrip())
    p = _TITLE_PREFIX.match(s, lead)
    a = p.end() if p else lead
    m = _TITLE_SITE_SEP.search(s, a)
    b = m.start() if m and len(_compact(s[a : m.start()])) >= 4 else len(s.rstrip())
    return start + a, start + max(a, b)


def _density_best(tree):  # noqa: ANN001, ANN202
    """The element holding the most paragraph text (direct <p> children, half for grandchildren)."""
    scores: dict[int, float] = {}
    nodes: dict[int, object] = {}
    for p in tree.css("p"):
        text = p.text(deep=True, strip=True)
        n = len(text) - text.count(" ")
        if n < 8:
            continue
        links = sum(len(a.text(deep=True, strip=True)) for a in p.css("a"))
        if links * 2 > n:
            continue
        parent = p.parent
        if parent is None:
            continue
        scores[parent.mem_id] = scores.get(parent.mem_id, 0) + n
        nodes[parent.mem_id] = parent
        gp = parent.parent
        if gp is not None and gp.tag not in ("body", "html"):
            scores[gp.mem_id] = scores.get(gp.mem_id, 0) + n / 2
            nodes[gp.mem_id] = gp
    seen: set[int] = set()
    for br in tree.css("br"):  # text laid out with <br> instead of <p>
        parent = br.parent
        if parent is None or parent.mem_id in scores or parent.mem_id in seen:
            continue
        seen.add(parent.mem_id)  # a parent's text is counted once, not once per <br> in it
        direct = sum(len(c.text_content or "") for c in parent.iter(include_text=True) if c.is_text_node)
        if direct >= 40:
            scores[parent.mem_id] = direct
            nodes[parent.mem_id] = parent
    if not scores:
        return None, 0.0
    best = max(scores, key=scores.__getitem__)
    return nodes[best], scores[best]


def _body_node(tree):  # noqa: ANN001, ANN202
    for sel in _KNOWN:
        for node in tree.css(sel):
            if len(node.text(deep=True, strip=True)) >= 20:
                return node
    node, score = _density_best(tree)
    if node is not None and score >= 50:
        return node
    for sel in _GENERIC:
        for n in tree.css(sel):
            if len(n.text(deep=True, strip=True)) >= 50:
                return n
    return node if node is not None else tree.body


def _meta_date(tree) -> str | None:  # noqa: ANN001
    for meta in tree.css("meta"):
        a = meta.attributes
        key = (a.get("name") or a.get("property") or a.get("itemprop") or a.get("http-equiv") or "").lower()
        if key in _DATE_META and (d := parse_date(a.get("content") or "")):
            return d
    for node in tree.css("time[datetime], [itemprop=datePublished]"):
        if d := parse_date(node.attributes.get("datetime") or node.attributes.get("content") or ""):
            return d
    return None


def _shallow_parts(raw: str, tags: _Tags) -> PageParts:
    """Title (``<title>``), body (``<body>``, else the page) and ``<meta>`` date without a tree."""
    title_span = title = None
    if tags.by_name.get("title"):
        title_span = _trim_title(raw, *tags.by_name["title"][0].span("rawbody"))
        title = re.sub(r"\s+", " ", _html.unescape(raw[title_span[0]:title_span[1]])).strip() or None
    bodies = tags.by_name.get("body")
    body_span = element_inner(raw, bodies[0].end(), "body") if bodies else (0, len(raw))
    pub_date = None
    for mt in tags.by_name.get("meta", []):
        a = parse_attrs(mt.group("attrs"))
        key = (a.get("name") or a.get("property") or a.get("itemprop") or a.get("http-equiv") or "").lower()
        if key in _DATE_META and (pub_date := parse_date(a.get("content") or "")):
            break
    return PageParts(title=title, title_span=title_span, body_span=body_span, pub_date=pub_date)


def analyse_page(raw: str) -> PageParts:
    """Find the title, the article body and the publication date of a full HTML page."""
    from selectolax.lexbor import LexborHTMLParser

    tags = _Tags(raw)
    if tags.depth > MAX_TREE_DEPTH:
        log.info("page nested %d deep (> %d): title and body taken from the tags alone", tags.depth, MAX_TREE_DEPTH)
        return _shallow_parts(raw, tags)
    tree = LexborHTMLParser(raw)

    title_span: tuple[int, int] | None = None
    head_title = ""
    if tags.by_name.get("title"):
        m = tags.by_name["title"][0]
        title_span = _trim_title(raw, *m.span("rawbody"))
        head_title = _compact(raw[title_span[0] : title_span[1]])
    if not head_title:
        og = next((mt for mt in tags.by_name.get("meta", []) if parse_attrs(mt.group("attrs")).get("property") == "og:title"), None)
        if og is not None:
            cm = re.search(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", og.group("attrs"), re.I)
            if cm:
                g = 1 if cm.group(1) is not None else 2
                s = og.start("attrs") + cm.start(g)
                title_span = _trim_title(raw, s, s + len(cm.group(g)))
                head_title = _compact(raw[title_span[0] : title_span[1]])
    # A visible headline (h1) agreeing with the head title is the better anchor.
    for h in tree.css("h1"):
        text = _compact(h.text(deep=True, strip=True))
        if len(text) >= 4 and (not head_title or text in head_title or head_title in text):
            span = tags.locate(tree, h)
            if span:
                title_span = _trim_title(raw, *span) if "<" not in raw[span[0] : span[1]] else span
            break

    body = _body_node(tree)
    body_span = tags.locate(tree, body) if body is not None else None
    if body_span is None:
        body_span = (0, len(raw))
    title = None
    if title_span:
        title = re.sub(r"<[^>]*>", "", raw[title_span[0] : title_span[1]])
        title = re.sub(r"\s+", " ", _html.unescape(title)).strip() or None
    return PageParts(title=title, title_span=title_span, body_span=body_span, pub_date=_meta_date(tree))
