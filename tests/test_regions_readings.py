"""find_regions' per-hit choice among precomputed readings (streets, edges, same-named units)."""

from __future__ import annotations

from readout.extract.regions import find_regions, load_gazetteer


def _hits(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.code) for m in find_regions(text, load_gazetteer())]


def test_a_short_form_before_lu_is_a_street_but_a_full_name_is_the_place() -> None:
    assert _hits("走在北京路上") == []
    assert _hits("北京市路网") == [("北京市", "110000")]


def test_a_two_character_county_needs_an_edge_before_it() -> None:
    assert _hits("全国示范县") == []
    assert _hits("在范县调研") == [("范县", "410926")]


def test_a_province_named_in_the_text_picks_among_same_named_districts() -> None:
    # 鼓楼区 exists in 南京 (江苏) and 福州 (福建), among others
    assert ("鼓楼区", "320106") in _hits("江苏省委到鼓楼区")
    assert ("鼓楼区", "350102") in _hits("福建省委到鼓楼区")


def test_precomputed_readings_agree_with_the_candidates() -> None:
    gaz = load_gazetteer()
    for ent in gaz.entries:
        assert len(ent.units_of) == len(ent.cands)
        for top in (ent.top, ent.top_edge):
            assert set(top) <= {i for i, _ in ent.cands}
            assert len({gaz.units[i].level for i in top}) <= 1  # the best level only
        if not ent.has_edge:
            assert (ent.top, ent.street) == (ent.top_edge, ent.street_edge)
