"""Officials: post chains, shared posts, posts after names, name boundaries, what is not a post."""

from __future__ import annotations

import pytest

import readout
from readout.model import POST_STATUSES


def officials(text: str) -> dict[str, list[str]]:
    doc = readout.read("标题\n" + text)
    return {o.name: o.posts for o in doc.officials}


@pytest.mark.parametrize("text,expected", [
    ("省委副书记、省长王清宪，省政协主席唐良智出席。", {"王清宪": ["省委副书记", "省长"], "唐良智": ["省政协主席"]}),
    ("中共中央总书记、国家主席、中央军委主席习近平出席会议。",
     {"习近平": ["中共中央总书记", "国家主席", "中央军委主席"]}),
    ("中共中央政治局常委李强、赵乐际、王沪宁出席。",
     {"李强": ["中共中央政治局常委"], "赵乐际": ["中共中央政治局常委"], "王沪宁": ["中共中央政治局常委"]}),
    ("内蒙古自治区党委书记巴音朝鲁主持会议。", {"巴音朝鲁": ["内蒙古自治区党委书记"]}),
    ("市委书记李鸿忠出席会议并指出，要抓落实。", {"李鸿忠": ["市委书记"]}),
    ("副局长张建康、于国民、吴以桥出席会议。", {"张建康": ["副局长"], "于国民": ["副局长"], "吴以桥": ["副局长"]}),
    ("2005年，时任浙江省委书记的习近平同志在余村考察。", {"习近平": ["浙江省委书记"]}),
    ("中央党校（国家行政学院）副校长谢春涛在江西作报告。", {"谢春涛": ["中央党校（国家行政学院）副校长"]}),
    ("新乡市委原书记李庆贵受审。", {"李庆贵": ["新乡市委书记"]}),
    ("李强总理出席。国务院总理李强强调，要稳增长。", {"李强": ["总理", "国务院总理"]}),
    ("市委書記李鴻忠出席會議。", {"李鸿忠": ["市委書記"]}),
])
def test_officials_posts(text, expected):
    got = officials(text)
    for name, posts in expected.items():
        assert name in got, (name, got)
        # posts are reported as written, normalised only by dropping 原/时任 (and simplified for matching)
        assert [readout.clean.simplify(p) for p in got[name]] == [readout.clean.simplify(p) for p in posts]


@pytest.mark.parametrize("text,expected", [
    ("党和国家领导人出席大会。", set()),
    ("市领导张三、李四参加活动。", set()),
    ("村民魏定瑜说，看病方便多了。", set()),
    ("要深刻领会习近平总书记关于主题教育的重要论述。", {"习近平"}),
    # a province's name before 省长 that runs into a city (吉林省长春市) is a place, also in a story abroad
    ("赴马里维和部队回国迎接仪式今天在吉林省长春市机场举行。", set()),
    ("赴马里维和部队归来。仪式今天在吉林省长春市举行，习近平主席致电慰问。", {"习近平"}),
    # a province's full name before its governor is no name, at home or in a story that names a country abroad
    ("美国客人来访。早在十几年前，时任福建省省长的习近平在闽北林区调研。", {"习近平"}),
])
def test_officials_group_labels_and_bare_persons_are_not_officials(text, expected):
    # group labels (党和国家领导人, 市领导) and people without a post give no official
    assert set(officials(text)) == expected


def test_officials_later_bare_mentions_and_statements():
    doc = readout.read("标题\n省委书记彭清华出席会议并讲话。\n彭清华指出，要切实增强责任感。他强调，要抓好整改。")
    (off,) = doc.officials
    assert [m.text for m in off.mentions] == ["彭清华", "彭清华"]
    # 出席会议并讲话 is a speech act (the words are not given): its content is the act itself
    assert [(s.speaker, s.verb.text, s.text) for s in doc.statements] == [
        ("彭清华", "讲话", "讲话"),
        ("彭清华", "指出", "要切实增强责任感。"),
        ("彭清华", "强调", "要抓好整改。"),
    ]


def test_officials_known_name_without_a_listed_boundary():
    got = officials("国家主席习近平当地时间3月20日下午乘专机抵达莫斯科。")
    assert got == {"习近平": ["国家主席"]}


@pytest.mark.parametrize("text,name,expected", [
    ("省委书记李鸿忠出席。", "李鸿忠", [("省委书记", "current")]),
    ("新乡市委原书记李庆贵受审。", "李庆贵", [("新乡市委书记", "former")]),
    ("原省长张三出席。", "张三", [("省长", "former")]),
    ("2005年，时任浙江省委书记的习近平同志在余村考察。", "习近平", [("浙江省委书记", "former")]),
    ("现任市长张三出席。", "张三", [("市长", "current")]),
])
def test_officials_post_status(text, name, expected):
    doc = readout.read("标题\n" + text)
    (off,) = [o for o in doc.officials if o.name == name]
    assert [(p.value, p.status) for m in off.mentions for p in m.posts] == expected
    assert all(p["status"] in POST_STATUSES for o in doc.to_dict()["officials"] for m in o["mentions"] for p in m["posts"])
