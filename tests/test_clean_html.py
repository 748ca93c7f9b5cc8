"""clean() on HTML: the seed format, full pages (the dev *.orig.html twins), fragments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readout.clean import clean, verify_offsets
from readout.ingest import read_path, records_from_bytes, records_from_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "2019-09-theme-education-roundup.txt"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
TWINS = sorted(DEV.glob("*.orig.html")) if DEV.is_dir() else []

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>[视频]李强主持召开国务院常务会议_新闻频道_央视网(cctv.com)</title>
<meta name="publishdate" content="2023-03-17 19:30:00">
<script>var t = "脚本里的字";</script><style>p{color:red}</style>
</head><body>
<div class="nav"><nav><a href="/">首页</a> <a href="/n">新闻</a></nav></div>
<div id="main"><div class="article">
  <h1>李强主持召开国务院常务会议</h1>
  <div class="share-bar">分享到：微博 微信</div>
  <p>新华社北京3月17日电&nbsp;国务院总理李强17日主持召开国务院常务会议，研究部署有关工作。</p>
  <p>会议指出，要坚持稳中求进工作总基调，推动 G20 峰会成果落实&hellip;</p>
  <p>会议还研究了其他事项。</p>
  <div class="related"><p>相关新闻：某某某某某某某某某某</p></div>
</div></div>
<footer><p>版权所有 央视网 京ICP证060535号</p></footer>
</body></html>"""


def test_seed_format() -> None:
    rec = read_path(SEED)[0]
    assert rec.format == "seed"
    c = clean(rec)
    verify_offsets(rec.raw_text, c)
    first_line = rec.raw_text.split("\n", 1)[0]
    assert c.title == first_line.strip().removesuffix(".txt").lstrip("0123456789")
    assert not c.title[0].isdigit() and not c.title.endswith(".txt")
    assert "<" not in c.text and "&nbsp;" not in c.text and "\u3000" not in c.text
    assert "天津召开“不忘初心、牢记使命”主题教育第一批总结暨第二批部署会议" in c.text
    assert all(line.strip() == line and line for line in c.text.split("\n"))


def test_seed_title_keeps_a_leading_year() -> None:
    raw = "52019年全国两会开幕.txt\n<div><span>　　正文一段。</span></div>"
    c = clean(records_from_text(raw)[0])
    assert c.text == "2019年全国两会开幕\n正文一段。"


def test_full_page_title_body_without_chrome() -> None:
    rec = records_from_bytes(PAGE.encode("utf-8"), "page.html")[0]
    assert rec.format == "html"
    assert rec.pub_date == "2023-03-17" and rec.pub_date_origin == "metadata"
    assert rec.title == "李强主持召开国务院常务会议"
    c = clean(rec)
    verify_offsets(rec.raw_text, c)
    lines = c.text.split("\n")
    assert lines[0] == "李强主持召开国务院常务会议"
    assert lines[1:] == [
        "新华社北京3月17日电国务院总理李强17日主持召开国务院常务会议，研究部署有关工作。",
        "会议指出，要坚持稳中求进工作总基调，推动 G20 峰会成果落实…",
        "会议还研究了其他事项。",
    ]
    for chrome in ("首页", "脚本", "分享", "相关新闻", "版权", "color"):
        assert chrome not in c.text
    # The title maps back into the raw page, at the visible headline.
    t0 = c.offsets[0]
    assert rec.raw_text[t0[2] : t0[3]] == "李强主持召开国务院常务会议"


def test_page_without_p_tags_uses_br_text() -> None:
    page = (
        "<html><head><title>标题甲乙丙丁</title></head><body><ul><li><a href=#>菜单</a></li></ul>"
        "<div class=x>第一句话写在这里，内容相当长，足以成为正文。<br>第二句话也写在这里，内容同样很长很长。<br>"
        "第三句话，继续写正文内容直到足够长。</div></body></html>"
    )
    c = clean(records_from_text(page)[0])
    assert c.text.split("\n") == [
        "标题甲乙丙丁",
        "第一句话写在这里，内容相当长，足以成为正文。",
        "第二句话也写在这里，内容同样很长很长。",
        "第三句话，继续写正文内容直到足够长。",
    ]


def test_html_fragment() -> None:
    rec = records_from_text("<p>标题</p>\n<p>正文&amp;一</p><div>第二段</div>")[0]
    c = clean(rec)
    verify_offsets(rec.raw_text, c)
    assert (rec.format, c.text) == ("html", "标题\n正文&一\n第二段")


@pytest.mark.skipif(not TWINS, reason=f"dev corpus *.orig.html not found in {DEV}")
@pytest.mark.parametrize("page", TWINS, ids=lambda p: p.name)
def test_orig_html_matches_its_text_twin(page: Path) -> None:
    rec = read_path(page)[0]
    c = clean(rec)
    verify_offsets(rec.raw_text, c)
    twin = clean(read_path(page.with_name(page.name.replace(".orig.html", ".txt")))[0])
    twin_lines = twin.text.split("\n")
    assert c.title == twin.title
    pos = 0
    for para in twin_lines[1:]:  # every body paragraph, in order
        i = c.text.find(para, pos)
        assert i >= 0, f"missing or out of order: {para[:40]}"
        pos = i + len(para)
    # No site chrome: the page's clean text is not much longer than the twin's.
    assert len(c.text) <= len(twin.text) * 1.2 + 50


_HTML_TOKENS = [
    "<p>", "</p>", "<div>", "</div>", "<div class='share'>", "<br/>", "<br>", "<span style='x:1'>", "</span>",
    "<script>var a='<p>脚本</p>';</script>", "<!-- 注释 -->", "<h1>", "</h1>", "<nav>导航</nav>", "中", "国", "，",
    "G20", "Xi", " ", "\n", "\u3000", "&nbsp;", "&amp;", "&ldquo;", "&#20013;", "&bogus;", "&", "<", ">", "<img src=x>",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_HTML_TOKENS), max_size=50).map("".join), st.booleans())
def test_html_offset_map_property(body: str, full_page: bool) -> None:
    raw = f"<html><head><title>标题</title></head><body>{body}</body></html>" if full_page else "<p>题</p>" + body
    rec = records_from_text(raw)[0]
    c = clean(rec)
    verify_offsets(rec.raw_text, c)
    for line in c.text.split("\n") if c.text else []:
        assert line and line == line.strip(" ")
    assert not any(s in c.text for s in ("\u3000", "\u00a0"))
    # A bare "<" before a letter opens a tag that swallows the next one ("<G20<nav>" is a tag
    # named "g20<nav", in browsers too), so chrome is only promised gone from well-formed markup.
    if not re.search(r"<[A-Za-z][^>]*<", body):
        assert not any(s in c.text for s in ("脚本", "导航", "注释"))
