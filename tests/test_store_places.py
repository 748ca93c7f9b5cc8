"""``--region`` values: names and codes resolve to the same place; unknown ones get E204."""

from __future__ import annotations

import pytest

from readout.errors import ReadoutError
from readout.store.places import resolve

SAME = [
    # (given, standard name, code prefix, level)
    ("天津", "天津市", "12", "province"),
    ("天津市", "天津市", "12", "province"),
    ("120000", "天津市", "12", "province"),
    ("12", "天津市", "12", "province"),
    (" 四川省 ", "四川省", "51", "province"),
    ("新疆", "新疆维吾尔自治区", "65", "province"),
    ("成都", "成都市", "5101", "prefecture"),
    ("510100", "成都市", "5101", "prefecture"),
    ("海淀", "海淀区", "110108", "county"),
    ("5", "5", "5", "area"),  # GB/T 2260's first digit: the south-west provinces
]


@pytest.mark.parametrize(("given", "name", "prefix", "level"), SAME)
def test_places_resolve_names_and_codes(given: str, name: str, prefix: str, level: str) -> None:
    p = resolve(given)
    assert (p.name, p.prefix, p.level) == (name, prefix, level)
    lo, hi = p.code_range()
    assert lo <= p.code < hi if p.code else True
    assert p.located == (level in ("area", "province"))
    # the range holds exactly the codes under the prefix
    assert (prefix + "9999")[:6] < hi and (str(int(prefix) + 1) + "0000")[:6] >= hi


@pytest.mark.parametrize("given", ["全国", "中央"])
def test_places_national(given: str) -> None:
    p = resolve(given)
    assert p.level == "national" and p.name == "全国" and p.code is None
    assert p.where("c", "n") == ("n = ?", ["全国"])


def test_places_country_filters_by_name() -> None:
    p = resolve("缅甸")
    assert p.level == "country" and p.where("c", "n") == ("n = ?", ["缅甸"])


@pytest.mark.parametrize("given", ["火星", "", "99", "1234567"])
def test_places_unknown_is_e204(given: str) -> None:
    with pytest.raises(ReadoutError) as exc:
        resolve(given)
    assert exc.value.code == "E204"


def test_places_below_province_cannot_filter_province_columns() -> None:
    with pytest.raises(ReadoutError) as exc:
        resolve("成都").where("e.region_code", "e.region_name", "events")
    assert exc.value.code == "E205" and "四川省" in str(exc.value)
    sql, args = resolve("天津").where("e.region_code", "e.region_name")
    assert args == ["12", "13"] and ">=" in sql
