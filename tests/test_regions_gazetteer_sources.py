"""The gazetteer's coverage: every current unit, former names, county-level cities named alone."""

from __future__ import annotations

import pytest

from readout.extract.regions import find_regions, load_gazetteer


def _hits(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.name, m.province) for m in find_regions(text, load_gazetteer())]


@pytest.mark.parametrize("text,expected", [
    # county-level cities written without 市
    ("在诸暨调研", [("诸暨", "诸暨市", "浙江省")]),
    ("慈溪、寿光、浏阳三地", [("慈溪", "慈溪市", "浙江省"), ("寿光", "寿光市", "山东省"), ("浏阳", "浏阳市", "湖南省")]),
    # former county names, on the unit that succeeded them
    ("宁乡县委召开常委会", [("宁乡县", "宁乡市", "湖南省")]),
    ("玉环县举行仪式", [("玉环县", "玉环市", "浙江省")]),
    ("襄樊市召开大会", [("襄樊市", "襄阳市", "湖北省")]),
    # 重庆's 江北区 and 渝北区 (merged into 两江新区 in 2025) are still found in 重庆
    ("重庆市江北区、渝北区", [("重庆市", "重庆市", "重庆市"), ("江北区", "两江新区", "重庆市"), ("渝北区", "两江新区", "重庆市")]),
    ("重庆江北区", [("重庆", "重庆市", "重庆市"), ("江北区", "两江新区", "重庆市")]),
    # today's unit of a name wins over a former one elsewhere without context: 宁波's 江北区
    ("江北区", [("江北区", "江北区", "浙江省")]),
    # a word that contains a standalone name does not name the place
    ("一视同仁，西湖龙井茶，阳春白雪", []),
    # a county's (not a county-level city's) short form still needs its parent
    ("长兴也不错", []),
])
def test_regions_gazetteer_coverage(text, expected):
    assert _hits(text) == expected


def test_regions_gazetteer_has_every_province_level_unit():
    gaz = load_gazetteer()
    provinces = [u for u in gaz.units if u.level == "province"]
    assert len(provinces) == 34
    counties = {u.province_code for u in gaz.units if u.level == "county"} - {"710000", "810000", "820000"}
    assert len(counties) == 31  # every mainland province has its counties


def test_regions_gazetteer_codes_are_unique_and_parents_exist():
    gaz = load_gazetteer()
    codes = [u.code for u in gaz.units if u.code]
    assert len(codes) == len(set(codes))
    for u in gaz.units:
        if u.parent:
            assert gaz.unit(u.parent) is not None, u
