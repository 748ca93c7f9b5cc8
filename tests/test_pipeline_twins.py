"""The same story in another dress gives the same facts: HTML page vs text, GBK/Big5 vs UTF-8,
traditional vs simplified characters."""

from __future__ import annotations

import opencc
import pytest
from conftest import DEV, dev_files

import readout


def facts(doc):
    return (
        sorted((o.name, tuple(o.posts)) for o in doc.officials if o.political),
        sorted((e.date, e.date_end, e.region.name if e.region else None) for e in doc.events),
    )


HTML_TWINS = sorted(DEV.glob("*.orig.html")) if DEV.exists() else []


@pytest.mark.parametrize("html", HTML_TWINS, ids=lambda p: p.name)
def test_pipeline_html_page_gives_the_same_facts_as_its_text_twin(html):
    txt = html.with_name(html.name.replace(".orig.html", ".txt"))
    (page,) = readout.read_file(html)
    (plain,) = readout.read_file(txt)
    assert page.format == "html"
    assert facts(page) == facts(plain)


def _simplified_dev_files():
    return [p for p in dev_files() if p.name.startswith("xwlb_")][:12]


@pytest.mark.parametrize("src", _simplified_dev_files(), ids=lambda p: p.name)
def test_pipeline_encodings_and_traditional_give_the_same_facts(src, tmp_path):
    text = src.read_text(encoding="utf-8")
    (ref,) = readout.read_file(src)
    gbk = tmp_path / src.name  # same name: the file-name date must stay the same
    gbk.write_bytes(text.encode("gb18030"))
    (doc,) = readout.read_file(gbk)
    assert doc.encoding.lower().replace("-", "") in ("gb18030", "gbk", "gb2312")
    assert facts(doc) == facts(ref)

    trad = opencc.OpenCC("s2t").convert(text)
    assert trad != text
    t_dir = tmp_path / "trad"
    t_dir.mkdir()
    (t_dir / src.name).write_text(trad, encoding="utf-8")
    (tdoc,) = readout.read_file(t_dir / src.name)
    assert facts(tdoc) == facts(ref)
    # spans still point at the traditional characters
    for o in tdoc.officials:
        for m in o.mentions:
            assert tdoc.text[m.start:m.end] == m.text

    # Big5 predates a few characters OpenCC emits (着, 裏): use the Big5-era forms (著, 裡)
    big5_text = trad.translate(str.maketrans({"着": "著", "裏": "裡"}))
    big5_text = "".join(c for c in big5_text if _big5_ok(c))
    b_dir = tmp_path / "big5"
    b_dir.mkdir()
    (b_dir / src.name).write_bytes(big5_text.encode("big5"))
    (bdoc,) = readout.read_file(b_dir / src.name)
    assert "big5" in bdoc.encoding.lower().replace("-", "")
    assert facts(bdoc) == facts(ref)


def _big5_ok(c: str) -> bool:
    try:
        c.encode("big5")
    except UnicodeEncodeError:
        return False
    return True
