"""Encodings: re-encoded twins of dev articles must give the same clean text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from readout.clean import clean
from readout.ingest import read_path, records_from_bytes

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason=f"dev corpus not found at {DEV}")

SIMPLIFIED = ["xwlb_20220105_01.txt", "pages_roundup_2019_zhutijiaoyu_gedi.txt", "pages_hubei_20211112_yingyong.txt"]
TRADITIONAL = ["pages_tianjin_20170510_lihongzhong_trad.txt", "pages_shangluo_20190319_chenjun_trad.txt"]

CASES = [
    (name, enc, expected)
    for name in SIMPLIFIED
    for enc, expected in (
        ("gb18030", {"gb18030", "gbk", "gb2312"}),
        ("gbk", {"gb18030", "gbk", "gb2312"}),
        ("utf-16", {"utf-16-le", "utf-16-be"}),
        ("utf-16-be-bom", {"utf-16-be"}),
        ("utf-8-sig", {"utf-8-sig"}),
    )
] + [(name, "big5", {"big5", "cp950", "big5hkscs"}) for name in TRADITIONAL]


def _encode(text: str, enc: str) -> bytes:
    if enc == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(enc)


@pytest.mark.parametrize(("name", "enc", "expected"), CASES, ids=lambda v: v if isinstance(v, str) else "")
def test_reencoded_twin_gives_same_clean_text(tmp_path: Path, name: str, enc: str, expected: set[str]) -> None:
    original = read_path(DEV / name)[0]
    assert original.encoding == "utf-8"
    try:
        data = _encode(original.raw_text, enc)
    except UnicodeEncodeError:
        # A few characters may have no Big5 code; drop them on both sides.
        kept = "".join(c for c in original.raw_text if c.encode(enc, "ignore") or c.isascii())
        original = records_from_bytes(kept.encode("utf-8"), name)[0]
        data = _encode(kept, enc)
    twin = tmp_path / name
    twin.write_bytes(data)
    rec = read_path(twin)[0]
    assert rec.encoding in expected
    assert rec.raw_text == original.raw_text
    assert clean(rec).text == clean(original).text


def test_declared_charset_is_used_for_gbk_pages(tmp_path: Path) -> None:
    body = clean(read_path(DEV / "xwlb_20220630_07.orig.html")[0]).text
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>标题</title></head><body>'
    page += "".join(f"<p>{line}</p>" for line in body.split("\n")[1:]) + "</body></html>"
    f = tmp_path / "gbk_page.html"
    f.write_bytes(page.encode("gbk"))
    rec = read_path(f)[0]
    assert rec.encoding == "gb18030"
    assert clean(rec).text.split("\n")[1:] == body.split("\n")[1:]
