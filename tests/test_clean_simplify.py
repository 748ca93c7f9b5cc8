"""simplify(): traditional → simplified with the length kept, fast on simplified input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readout.clean import clean, simplify
from readout.ingest import read_path

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"dev corpus not found at {DEV}")


def test_known_conversions() -> None:
    assert simplify("李鴻忠主持召開正市級老同志座談會") == "李鸿忠主持召开正市级老同志座谈会"
    assert simplify("濟南市委書記孫立成") == "济南市委书记孙立成"
    s = "习近平总书记在湖北考察"
    assert simplify(s) is s  # simplified input comes back unchanged


# Traditional characters, phrase-rule material, multi-line text and non-Chinese.
_ALPHABET = "鴻會議書記國說發們為這個來對與開後關門時長東車馬鳥龍乾隆著了後面瞭解頭髮理髮皇后中国人 \nAb1，。“”𠀀"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_length_always_kept(text: str) -> None:
    out = simplify(text)
    assert len(out) == len(text)
    assert [i for i, c in enumerate(text) if c == "\n"] == [i for i, c in enumerate(out) if c == "\n"]


@needs_dev
def test_traditional_dev_files_match_simplified_reading() -> None:
    for name in ("pages_tianjin_20170510_lihongzhong_trad.txt", "pages_jinan_20200407_sunlicheng_big5.txt"):
        text = clean(read_path(DEV / name)[0]).text
        norm = simplify(text)
        assert len(norm) == len(text)
        assert "书记" in norm and "書記" not in norm
