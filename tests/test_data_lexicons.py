"""Checks on the officials lexicons in src/readout/data: surnames, leaders, posts.

Every row names its source (a law, a party regulation, an official list, a classical
text, a general linguistic rule); none is checked against gold labels.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from readout.clean import simplify
from readout.errors import ReadoutError
from readout.extract import officials
from readout.resources import parse_table, read_table

HAN = re.compile(r"^[\u4e00-\u9fff]+$")
ROLES = {"full", "head", "nonpolitical", "org", "intl_org", "nonpolitical_org", "group", "former", "current", "appointed"}
# Mongolian/Tibetan names written without "·" that run to five characters.
LONG_NAMES = {"乌云其木格"}
# every officials lexicon with the columns each row must fill
LEXICONS = [
    ("posts.tsv", ("term", "role", "source")),
    ("leaders.tsv", ("name", "posts", "region", "years", "source")),
    ("surnames.tsv", ("surname", "source")),
]


@cache
def _posts() -> dict[str, str]:
    return {r["term"]: r["role"] for r in read_table("posts.tsv", ("term", "role", "source"))}


@cache
def _leaders() -> dict[str, dict[str, str]]:
    return {r["name"]: r for r in read_table("leaders.tsv", ("name", "posts", "source"))}


@cache
def _surnames() -> list[str]:
    return [r["surname"] for r in read_table("surnames.tsv", ("surname", "source"))]


@pytest.mark.parametrize("name,columns", LEXICONS)
def test_every_row_names_its_source(name: str, columns: tuple[str, ...]) -> None:
    rows = read_table(name, columns)  # raises E404 on a row with an empty cell
    assert len(rows) > 20
    assert all(len(r["source"]) >= 2 for r in rows)


@pytest.mark.parametrize("name,columns", LEXICONS)
def test_a_row_without_a_source_or_an_empty_file_fails(name: str, columns: tuple[str, ...]) -> None:
    from readout.resources import data_text

    text = data_text(name)
    lines = text.splitlines()
    last = lines[-1].split("\t")
    cut = "\n".join([*lines[:-1], "\t".join(last[:-1] + [""])]) + "\n"  # the last row loses its source
    with pytest.raises(ReadoutError) as err:
        parse_table(cut, name, columns)
    assert err.value.code == "E404" and f"line {len(lines)}" in str(err.value)
    header = [ln for ln in lines if ln.startswith("#")] + [next(ln for ln in lines if not ln.startswith("#"))]
    for empty in ("", "\n".join(header) + "\n"):
        with pytest.raises(ReadoutError) as err:
            parse_table(empty, name, columns)
        assert err.value.code == "E402"


def test_posts_roles_known_and_used() -> None:
    posts = _posts()
    assert set(posts.values()) == ROLES
    lex = officials.load_posts()
    # every head, full post and title is a head of the recogniser; titles are not political
    assert {t for t, r in posts.items() if r in {"head", "full", "nonpolitical"}} == set(lex.heads)
    assert lex.nonpolitical == {t for t, r in posts.items() if r == "nonpolitical"}


def test_one_source_of_truth_for_political_heads() -> None:
    lex = officials.load_posts()
    # 校长 and 会长 are heads (political) unless a non-political organisation comes first
    assert officials._political("中央党校（国家行政学院）副校长", lex)
    assert not officials._political("北京大学校长", lex)
    assert officials._political("中国人民政治协商会议全国委员会副主席", lex)
    assert not officials._political("某某商会会长", lex)
    assert not officials._political("中国科学院院士", lex)


def test_no_duplicates() -> None:
    terms = Counter(r["term"] for r in read_table("posts.tsv", ("term",)))
    assert [t for t, n in terms.items() if n > 1] == []
    names = Counter(r["name"] for r in read_table("leaders.tsv", ("name",)))
    assert [n for n, c in names.items() if c > 1] == []
    assert len(_surnames()) == len(set(_surnames()))


def test_surnames_shape() -> None:
    surnames = _surnames()
    singles = [s for s in surnames if len(s) == 1]
    compounds = [s for s in surnames if len(s) == 2]
    assert len(singles) >= 450 and len(compounds) >= 40
    assert all(HAN.match(s) and len(s) <= 4 for s in surnames)
    assert set(simplify("".join(surnames))) == set("".join(surnames))  # simplified only
    for s in ["王", "李", "张", "刘", "陈", "习", "栗", "谌", "覃", "欧阳", "司马", "诸葛", "上官", "尉迟"]:
        assert s in surnames


def test_leader_names_shape() -> None:
    for name, row in _leaders().items():
        if "·" in name:
            parts = name.split("·")
            assert len(parts) == 2 and all(HAN.match(p) for p in parts), name
        else:
            assert HAN.match(name), name
            assert 2 <= len(name) <= 4 or name in LONG_NAMES, name
        assert simplify(name) == name and simplify(row["posts"]) == row["posts"]
        assert re.fullmatch(r"(19|20)\d\d-(19|20)\d\d", row["years"]), row
        y0, y1 = map(int, row["years"].split("-"))
        assert y0 <= y1 <= 2026, row


def test_han_names_start_with_a_known_surname() -> None:
    """Guards against typos; minority names without surnames are listed here."""
    surnames = set(_surnames())
    no_surname = {"洛桑江村", "嘎玛泽登", "阿东"}
    missing = [n for n in _leaders() if "·" not in n and n not in no_surname
               and n[0] not in surnames and n[:2] not in surnames]
    assert missing == []


def test_leader_posts_end_in_a_known_head() -> None:
    heads = tuple(officials.load_posts().heads)
    bad = sorted({p for r in _leaders().values() for p in r["posts"].split(";") if not p.endswith(heads)})
    assert bad == []


def test_well_known_leaders_present() -> None:
    leaders = _leaders()
    expect = {
        "习近平": "中共中央总书记", "李克强": "国务院总理", "李强": "国务院总理", "赵乐际": "全国人大常委会委员长",
        "王沪宁": "全国政协主席", "蔡奇": "中央办公厅主任", "丁薛祥": "国务院副总理", "李希": "中央纪委书记",
        "张又侠": "中央军委副主席", "周强": "最高人民法院院长", "应勇": "最高人民检察院检察长",
        "巴音朝鲁": "吉林省委书记", "布小林": "内蒙古自治区人民政府主席",
        "雪克来提·扎克尔": "新疆维吾尔自治区人民政府主席", "艾尔肯·吐尼亚孜": "新疆维吾尔自治区人民政府主席",
    }
    for name, post in expect.items():
        assert name in leaders, name
        assert post in leaders[name]["posts"].split(";"), (name, leaders[name]["posts"])
    assert leaders["巴音朝鲁"]["region"] == "吉林省"
    assert leaders["习近平"]["region"] == "全国"


def test_group_labels_end_in_a_head() -> None:
    """A group label matters only where it ends like a post (有关负责人, 班子成员); others never match."""
    posts = _posts()
    heads = tuple(officials.load_posts().heads)
    groups = [t for t, r in posts.items() if r == "group"]
    assert "有关负责人" in groups and "领导班子成员" in groups
    assert all(g.endswith(heads) for g in groups)
