"""Officials on a labelled table of sentences written for these tests (no corpus text).

Each case is one general rule: a name next to a post whatever word follows it, a name
before its post, where a name ends, foreign names, posts that cannot open with a function
word, appointment and removal notices, and bare lists of leaders at an event.
"""

from __future__ import annotations

import pytest

import readout
from readout.clean import simplify


def officials(text: str) -> dict[str, list[str]]:
    doc = readout.read("标题\n" + text)
    return {o.name: [simplify(p) for p in o.posts] for o in doc.officials}


# (sentence, {name: posts}) — every official the sentence names, and nobody else
TABLE = [
    # an unknown name after a post, whatever the next word is
    ("市交通运输局局长韩明远透露，今年将新开公交线路十二条。", {"韩明远": ["市交通运输局局长"]}),
    ("常务副县长梁秋实昨日表示，防汛物资已经全部到位。", {"梁秋实": ["常务副县长"]}),
    ("区卫健委主任杜文卓告诉记者，接种点增加到三十个。", {"杜文卓": ["区卫健委主任"]}),
    ("镇长邵启航坦言，今年招商难度不小。", {"邵启航": ["镇长"]}),
    ("省农业农村厅厅长欧阳晴介绍了春耕情况。", {"欧阳晴": ["省农业农村厅厅长"]}),
    # a name before its post
    ("会上，宋家辉副主任认为，市场预期正在好转。", {"宋家辉": ["副主任"]}),
    ("孔德岳局长介绍，新建项目进展顺利。", {"孔德岳": ["局长"]}),
    # the verb after a name is not part of it
    ("省长潘明说，要稳住就业。", {"潘明": ["省长"]}),
    ("副省长冯涛称，今年粮食产量保持稳定。", {"冯涛": ["副省长"]}),
    ("县委书记马林举行座谈，听取企业意见。", {"马林": ["县委书记"]}),
    ("研究员郭永称，这项技术已经成熟。", {"郭永": ["研究员"]}),
    # foreign names, with and without "·"
    ("法国总统埃马纽埃尔·马克龙表示，欢迎中方企业投资。", {"埃马纽埃尔·马克龙": ["法国总统"]}),
    ("巴西外长维埃拉会见了中国代表团。", {"维埃拉": ["巴西外长"]}),
    ("新西兰总理希普金斯在惠灵顿出席活动。", {"希普金斯": ["新西兰总理"]}),
    # a foreign name before its title after a verb or preposition; a country there is no name
    ("访问哈萨克斯坦期间，代表团同托尔马诺夫总统、萨卡里耶夫总理等该国领导人举行会谈。",
     {"托尔马诺夫": ["总统"], "萨卡里耶夫": ["总理"]}),
    ("代表团会见了加纳总统。", {}),
    ("习近平致电贝宁总统塔隆。", {"塔隆": ["贝宁总统"]}),
    # hyphenated names; international bodies' posts; a president-elect; 女士, 一行 after a name
    ("秘鲁总统卡洛斯-门多萨在利马表示，将扩大合作。", {"卡洛斯-门多萨": ["秘鲁总统"]}),
    ("欧洲央行行长莫雷蒂当天表示，通胀有所回落。", {"莫雷蒂": ["欧洲央行行长"]}),
    ("智利当选总统博拉尼奥表示，愿深化两国关系。", {"博拉尼奥": ["智利当选总统"]}),
    ("副总理会见了欧盟委员会贸易委员维特森女士一行。", {"维特森": ["欧盟委员会贸易委员"]}),
    ("英国首相斯塔默与欧盟委员会主席冯德莱恩共同宣布，双方达成协议。",
     {"斯塔默": ["英国首相"], "冯德莱恩": ["欧盟委员会主席"]}),
    ("哈萨克斯坦总统托卡耶夫、乌兹别克斯坦共和国总统阿卜杜拉耶夫出席。",
     {"托卡耶夫": ["哈萨克斯坦总统"], "阿卜杜拉耶夫": ["乌兹别克斯坦共和国总统"]}),
    ("东盟轮值主席国马来西亚总理安瓦尔主持会议。", {"安瓦尔": ["东盟轮值主席国马来西亚总理"]}),
    ("在会见库克群岛总理普纳时，习近平强调，要加强合作。", {"普纳": ["库克群岛总理"]}),
    ("国家主席向斯里兰卡总统西里塞纳致慰问电。", {"西里塞纳": ["斯里兰卡总统"]}),
    ("中国和巴拿马建交以来，在习近平主席和巴雷拉总统共同引领下，两国关系发展良好。",
     {"习近平": ["主席"], "巴雷拉": ["总统"]}),
    ("也门政府官员在沙特首都利雅得与沙特国防大臣哈立德举行会谈。", {"哈立德": ["沙特国防大臣"]}),
    ("叙利亚总统当天在会见来访的伊拉克总理特使法耶德时说，支持反恐。", {"法耶德": ["伊拉克总理特使"]}),
    ("伊朗最高领袖军事顾问雷扎伊当天表示，将采取措施。", {"雷扎伊": ["伊朗最高领袖军事顾问"]}),
    ("法官王晓明因审案过错被通报。", {"王晓明": ["法官"]}),
    # 委员, 代表 after a name: a post before a verb of saying, else a word
    ("王东升委员提出，要加强金融监管。", {"王东升": ["委员"]}),
    ("李海峰代表各人民团体致贺词。", {}),
    # not names: a verb after a head, a place the head runs into, a title's own character
    ("澳门地区全国政协委员高举爱国爱澳旗帜。", {}),
    ("湖南省长沙县依靠创新发展特色产业。", {}),
    ("习副主席在今天的论坛上致辞。", {}),
    # names after 是 in a list; a name after a quoted post; a dotted name's one-character part
    ("今天大会的执行主席是张海峰、李明远、王晓东。",
     {"张海峰": ["执行主席"], "李明远": ["执行主席"], "王晓东": ["执行主席"]}),
    ("为了带领贫困户脱贫，“第一书记”黄亚平尝试发展特色产业。", {"黄亚平": ["第一书记"]}),
    ("同日，总理向巴基斯坦总理伊姆兰·汗致慰问电。", {"伊姆兰·汗": ["巴基斯坦总理"]}),
    ("该国召回驻美国大使丹尼尔·加西亚-培尼亚。", {"丹尼尔·加西亚-培尼亚": ["驻美国大使"]}),
    ("江立平委员代表台盟中央、全国台联发言说，两岸关系前途在于合作。", {"江立平": ["委员"]}),
    # frequent words and counts after a post are no names
    ("华东师大准备组建新学院，他无疑是最合适的院长人选。", {}),
    ("总理出席上海合作组织成员国总理第十一次会议。", {}),
    # 代表 alone before a name is the verb
    ("中央政治局委员王晨，代表习近平总书记看望老同志。", {"王晨": ["中央政治局委员"], "习近平": ["总书记"]}),
    # a post never opens with a function word; a place that does stays
    ("据市统计局局长欧阳晴介绍，一季度经济平稳。", {"欧阳晴": ["市统计局局长"]}),
    ("于都县委书记郑宏达主持会议。", {"郑宏达": ["于都县委书记"]}),
    # a list of names shares the post before it; a place after "、" starts a new chain
    ("副市长贺立群、于晓东出席。", {"贺立群": ["副市长"], "于晓东": ["副市长"]}),
    ("河北省委书记倪岳峰、吉林省委书记景俊海出席。", {"倪岳峰": ["河北省委书记"], "景俊海": ["吉林省委书记"]}),
    # two names in, a list takes rarer names too
    ("大会执行主席李建华、王晓东、刘岳颂、骆敏鹏在主席台就座。",
     {"李建华": ["大会执行主席"], "王晓东": ["大会执行主席"], "刘岳颂": ["大会执行主席"], "骆敏鹏": ["大会执行主席"]}),
    # not officials: words after a head, group labels, people without posts
    ("总书记强调，要坚持以人民为中心。", {}),
    ("省委书记高度重视这项工作。", {}),
    ("市领导张三、李四参加活动。", {}),
    ("村民魏定远说，路修好了。", {}),
    ("有关负责人表示，将加快审批。", {}),
]


@pytest.mark.parametrize("text,expected", TABLE)
def test_officials_table(text: str, expected: dict[str, list[str]]) -> None:
    assert officials(text) == expected


NOTICE = ("中共中央决定：陈立新同志任湖南省委委员、常委、书记；"
          "周建国同志不再担任湖南省委书记、常委、委员职务。")


@pytest.mark.parametrize("text,expected", [
    (NOTICE, {
        "陈立新": [("湖南省委委员", "appointed"), ("常委", "appointed"), ("书记", "appointed")],
        "周建国": [("湖南省委书记", "former"), ("常委", "former"), ("委员", "former")],
    }),
    ("经研究决定，任命刘晓峰为市发展改革委主任，免去孙嘉的市发展改革委主任职务。", {
        "刘晓峰": [("市发展改革委主任", "appointed")],
        "孙嘉": [("市发展改革委主任", "former")],
    }),
    ("原副县长杜明远出席。新任县长韩悦表示，要抓落实。", {
        "杜明远": [("副县长", "former")],
        "韩悦": [("县长", "appointed")],
    }),
])
def test_officials_notices_give_post_status(text: str, expected: dict[str, list[tuple[str, str]]]) -> None:
    doc = readout.read("标题\n" + text)
    got = {o.name: [(p.value, p.status) for m in o.mentions for p in m.posts] for o in doc.officials}
    assert got == expected


def test_officials_bare_leaders_at_an_event_are_its_attendees() -> None:
    doc = readout.read("标题\n1月10日，表彰大会在北京举行。李强主持大会，丁薛祥宣读表彰决定，赵乐际、王沪宁、蔡奇出席。",
                       pub_date="2024-01-11")
    (ev,) = doc.events
    assert [a.name for a in ev.officials] == ["李强", "丁薛祥", "赵乐际", "王沪宁", "蔡奇"]
    assert ev.leader == "李强"
    assert doc.officials == []  # named without a post: present at the event, not officials of the text
    for a in ev.officials:
        assert doc.text[a.start:a.end] == a.name


def test_officials_a_known_name_that_is_a_word_needs_a_verb() -> None:
    doc = readout.read("标题\n1月10日，会议在北京举行。湖面一片汪洋中，船只往来。", pub_date="2024-01-11")
    assert all(a.name != "汪洋" for e in doc.events for a in e.officials)


def test_officials_international_bodies_posts_are_political() -> None:
    doc = readout.read("标题\n联合国副秘书长安德森表示，各方应保持克制。世界银行副行长罗森在会上发言。"
                       "世界经济论坛主席施瓦布主持午餐会。")
    # the World Economic Forum is a foundation, not a body of states
    assert {o.name: o.political for o in doc.officials} == {"安德森": True, "罗森": True, "施瓦布": False}
