"""Posts read as offices: jurisdiction from the post's own words, else its chain or context; and notices."""

from __future__ import annotations

import pytest

from readout.analyze.offices import Context, read_post
from readout.extract.notices import find_notices
from readout.extract.regions import load_gazetteer

GAZ = load_gazetteer()
U = GAZ.unit

# (post as normalised, context, (title, code, kind, how)); None: no office
READINGS = [
    ("天津市委书记", Context(section=U("510000")), ("天津市委书记", "120000", "party_secretary", "words")),
    ("四川省委书记", Context(section=U("410000")), ("四川省委书记", "510000", "party_secretary", "words")),
    ("广东省长", Context(section=U("320000")), ("广东省省长", "440000", "governor", "words")),
    ("湖南省长", Context(), ("湖南省省长", "430000", "governor", "words")),
    ("北京市市长", Context(), ("北京市市长", "110000", "governor", "words")),
    ("广西壮族自治区人民政府主席", Context(), ("广西壮族自治区主席", "450000", "governor", "words")),
    ("新疆维吾尔自治区党委书记", Context(), ("新疆维吾尔自治区党委书记", "650000", "party_secretary", "words")),
    ("中共河南省委关于新乡市委书记", Context(), ("新乡市委书记", "410700", "party_secretary", "words")),
    ("上海市委代理书记", Context(), ("上海市委书记", "310000", "party_secretary", "words")),  # acting
    ("天津市纪委书记", Context(), ("天津市纪委书记", "120000", "discipline_secretary", "words")),
    ("江西省政府副省长", Context(), ("江西省副省长", "360000", "vice_governor", "words")),
    ("上海市人大常委会主任", Context(), ("上海市人大常委会主任", "310000", "congress_chair", "words")),
    # bare posts take their context: the chain, the nearest place of the right level, the section
    ("省长", Context(chain=U("330000")), ("浙江省省长", "330000", "governor", "chain")),
    ("市委书记", Context(nearby=(U("430100"), U("430000"))), ("长沙市委书记", "430100", "party_secretary", "context")),
    ("省委书记", Context(nearby=(U("430100"),)), ("湖南省委书记", "430000", "party_secretary", "context")),
    ("市委书记", Context(nearby=(U("120000"),)), ("天津市委书记", "120000", "party_secretary", "context")),
    ("市委书记", Context(section=U("120000")), ("天津市委书记", "120000", "party_secretary", "context")),
    ("市委书记", Context(section=U("430000")), None),  # a province's section names no city
    ("省委书记", Context(section=U("420000")), ("湖北省委书记", "420000", "party_secretary", "context")),
    ("市长", Context(nearby=(GAZ.all_by_name("阿根廷")[0], U("110000"))), None),  # the nearest place is abroad
    ("市委书记", Context(nearby=(U("110000"),)), ("北京市委书记", "110000", "party_secretary", "context")),
    ("万象市委书记", Context(nearby=(U("110000"),)), None),  # a place we do not know, not a bare post
    ("自治区主席", Context(nearby=(U("430000"), U("450000"))), ("广西壮族自治区主席", "450000", "governor", "context")),
    ("市委书记", Context(nearby=(U("430000"),)), None),  # a province is no city: no reading
    ("省委书记", Context(), None),
    # central offices
    ("国务院总理", Context(section=U("120000")), ("国务院总理", None, "premier", "central")),
    ("中共中央政治局常委", Context(), ("中共中央政治局常委", None, "politburo_standing", "central")),
    ("中央委员会总书记", Context(), ("中共中央总书记", None, "general_secretary", "central")),
    ("全国人民代表大会常务委员会委员长", Context(), ("全国人大常委会委员长", None, "npc_chair", "central")),
    ("中华人民共和国主席", Context(), ("国家主席", None, "president", "central")),
    ("外交部长", Context(), ("外交部部长", None, "minister", "central")),
    ("国务院台湾事务办公室主任", Context(), ("国务院台湾事务办公室主任", None, "minister", "central")),
    ("国家发改委主任", Context(), ("国家发展和改革委员会主任", None, "minister", "central")),  # one office, every form
    # not offices: foreign, international, words before 部长
    ("伊朗总统", Context(), None),
    ("世界银行行长", Context(), None),
    ("今天的部长", Context(), None),
    # the Youth League's committees are not the party's
    ("共青团河北省委书记", Context(), None),
    ("共青团上海市委书记", Context(chain=U("310000")), None),
]


@pytest.mark.parametrize(("post", "ctx", "want"), READINGS, ids=[f"{p}-{i}" for i, (p, _, _) in enumerate(READINGS)])
def test_offices_read_post(post: str, ctx: Context, want: tuple | None) -> None:
    got = read_post(post, ctx)
    if want is None:
        assert got is None
        return
    assert got is not None
    office, how = got
    assert (office.title, office.code, office.kind, how) == want


def test_offices_village_post_is_not_the_county_secretary() -> None:
    office, _ = read_post("河北滦平县周台子村党委书记")
    assert office.kind == "other" and office.code == "130824" and "周台子村" in office.title


NOTICES = [
    ("中共中央决定：李鸿忠同志任天津市委委员、常委、书记；黄兴国同志不再担任天津市委书记、常委、委员职务。",
     [("appointed", "李鸿忠", ["天津市委委员", "天津市委常委", "天津市委书记"]),
      ("removed", "黄兴国", ["天津市委书记", "天津市委常委", "天津市委委员"])]),
    ("日前，中共中央决定：赵克志同志任河北省委书记，不再担任贵州省委书记、常委、委员职务。",
     [("appointed", "赵克志", ["河北省委书记"]), ("removed", "赵克志", ["贵州省委书记", "贵州省委常委", "贵州省委委员"])]),
    ("一、免去耿惠昌的国家安全部部长职务；任命陈文清为国家安全部部长。",
     [("removed", "耿惠昌", ["国家安全部部长"]), ("appointed", "陈文清", ["国家安全部部长"])]),
    ("会议决定任命巴特尔(蒙古族)为国家民族事务委员会主任。", [("appointed", "巴特尔", ["国家民族事务委员会主任"])]),
    ("任命李斌为山东省副省长、代理省长。", [("appointed", "李斌", ["山东省副省长", "山东省代理省长"])]),
    ("王晨、曹建明同志当选为全国人大常委会副委员长。",
     [("elected", "王晨", ["全国人大常委会副委员长"]), ("elected", "曹建明", ["全国人大常委会副委员长"])]),
    # an acting appointment keeps its 代理; 不再兼任 removes like 不再担任 (新闻联播 2014-12-30)
    ("孙春兰同志不再兼任天津市委书记、常委、委员职务，另有任用；黄兴国同志代理天津市委书记职务。",
     [("removed", "孙春兰", ["天津市委书记", "天津市委常委", "天津市委委员"]), ("appointed", "黄兴国", ["代理天津市委书记"])]),
    ("张三同志不再代理某某省省长职务。", [("removed", "张三", ["代理某某省省长"])]),  # the acting post ends
    # 兼任: a post held with the first; the subject-less 不再兼任 after it is the same person's
    ("中共中央决定：王五同志兼任某市委委员、常委、书记，不再兼任某某省委书记职务。",
     [("appointed", "王五", ["某市委委员", "某市委常委", "某市委书记"]), ("removed", "王五", ["某某省委书记"])]),
    # 免去其: the sentence's subject; 委员和市长: two posts, the mayor of the place, not of its party committee
    ("李鸿忠同志任天津市委书记；黄兴国不再代理天津市委书记，免去其天津市委副书记、常委、委员和市长职务。",
     [("appointed", "李鸿忠", ["天津市委书记"]),
      ("removed", "黄兴国", ["天津市委副书记", "天津市委常委", "天津市委委员", "天津市市长"])]),
    ("免去王某的住房和城乡建设部部长职务。", [("removed", "王某", ["住房和城乡建设部部长"])]),
    # not notices: no 同志 before 当选, a 不再担任 without 职务, 任务
    ("159位候选人当选为委员。他全票当选为村党支部书记。", []),
    ("林智敏不再担任副秘书长。大家同志任务繁重。", []),
]


@pytest.mark.parametrize(("text", "want"), NOTICES, ids=[t[:12] for t, _ in NOTICES])
def test_notices_by_hand(text: str, want: list) -> None:
    got = find_notices(text)
    assert [(n.action, n.name, [p.value for p in n.posts]) for n in got] == want
    for n in got:
        assert text[n.start:n.end] == n.name
        assert all(text[p.start:p.end] == p.text for p in n.posts)
