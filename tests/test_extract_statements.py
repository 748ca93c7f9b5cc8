"""Statements: the grammar of reported speech, on sentences written for these tests."""

from __future__ import annotations

import pytest

import readout
from readout.extract.statements import find_statements
from readout.model import Mention, Official


def _official(text: str, name: str, posts: list[str]) -> Official:
    """An official with a mention at every occurrence of ``name`` (as officials.py gives)."""
    mentions, i = [], text.find(name)
    while i != -1:
        mentions.append(Mention(i, i + len(name), name))
        i = text.find(name, i + len(name))
    return Official(name, posts, True, mentions)


def said(text: str, people: dict[str, list[str]]) -> list[tuple[str, str]]:
    offs = [_official(text, n, p) for n, p in people.items()]
    return [(s.speaker, s.verb.text) for s in find_statements(text, text, offs)]


@pytest.mark.parametrize("text,people,expected", [
    # speaker + bridge + verb + separator
    ("李鸿忠在会上强调，要抓落实。", {"李鸿忠": []}, [("李鸿忠", "强调")]),
    ("王毅16日称，中方反对。", {"王毅": []}, [("王毅", "称")]),
    ("张三在接受记者采访时表示，将继续推进。", {"张三": []}, [("张三", "表示")]),
    # verbs that take their object directly
    ("张三当天呼吁各方保持克制。", {"张三": []}, [("张三", "呼吁")]),
    ("张三介绍了本市的做法。", {"张三": []}, [("张三", "介绍")]),
    ("张三高度评价两国合作。", {"张三": []}, [("张三", "评价")]),
    # 说/称 need a separator: 说明, 称赞 are other words
    ("张三说明了情况。", {"张三": []}, []),
    ("张三称赞他们。", {"张三": []}, []),
    # speech acts: the official spoke, the words are not given
    ("省委书记张三主持会议并讲话。", {"张三": ["省委书记"]}, [("张三", "讲话")]),
    ("张三代表常委会作工作报告，李四主持。", {"张三": [], "李四": []}, [("张三", "作工作报告")]),
    ("秘书长张三就议程草案作了汇报。", {"张三": ["秘书长"]}, [("张三", "作了汇报")]),
    ("张三出席峰会并发表主旨演讲。", {"张三": []}, [("张三", "发表主旨演讲")]),
    ("部长张三当天向总统报告了前线的情况。", {"张三": ["部长"]}, [("张三", "向总统报告")]),
    # ... but not a speech named as a noun, a report listened to, or a meeting named after it
    ("学习张三同志的重要讲话精神。", {"张三": []}, []),
    ("张三在福建考察时的重要讲话引发反响。", {"张三": []}, []),
    ("张三听取了全省工作汇报。", {"张三": []}, []),
    ("张三听取企业负责人介绍情况。", {"张三": []}, []),
    ("张三出席汇报会。", {"张三": []}, []),
    ("赞成张三总理所作的政府工作报告。", {"张三": ["总理"]}, []),
    # a list speaks together
    ("主席张三、副主席李四和委员王五先后发言。", {"张三": [], "李四": [], "王五": []},
     [("张三", "发言"), ("李四", "发言"), ("王五", "发言")]),
    # ... but 在和/同 is not a list: 李四 is who 张三 spoke with
    ("张三在和李四通电话时表示，愿加强合作。", {"张三": [], "李四": []}, [("张三", "表示")]),
    # ... nor is a name after a preposition or 会见 the speaker (the subject was not found)
    ("马克龙在和张三通电话时表示，愿合作。", {"张三": []}, []),
    ("总统会见张三时说，欢迎来访。", {"张三": []}, []),
    ("张三和李四表示，愿合作。", {"张三": [], "李四": []}, [("张三", "表示"), ("李四", "表示")]),
    # 他/她 continues the last speaker, or else the official last named
    ("张三表示，要加强合作。他强调，要抓落实。", {"张三": []}, [("张三", "表示"), ("张三", "强调")]),
    ("首相张三再度举行紧急会议。他说，形势困难。", {"张三": ["首相"]}, [("张三", "说")]),
    ("其他国家表示，反对制裁。", {"张三": []}, []),
    # a later clause keeps the sentence's subject
    ("张三肯定了两国关系的发展，表示愿深化合作。", {"张三": []}, [("张三", "表示")]),
    # a quotation before the name
    ("“我们要团结。”张三说。", {"张三": []}, [("张三", "说")]),
    # short forms: surname + a title from the posts, a foreign name's last part
    ("国家主席张三会见李四。张主席指出，双方要合作。", {"张三": ["国家主席"], "李四": []}, [("张三", "指出")]),
    ("调查记者西摩·赫什发文。赫什说，报道遭无视。", {"西摩·赫什": ["调查记者"]}, [("西摩·赫什", "说")]),
    # a short form two officials could answer to names nobody
    ("省长张三、副省长张四出席。张省长表示，很好。", {"张三": ["省长"], "张四": ["副省长"]}, []),
    # cited, not speaking
    ("贯彻张三总书记“三严三实”要求。", {"张三": ["总书记"]}, []),
    ("委托张三副委员长作说明。", {"张三": ["副委员长"]}, []),
    ("以张三同志为核心的党中央，全面落实要求。", {"张三": []}, []),
])
def test_statements_grammar(text, people, expected):
    assert said(text, people) == expected


def test_statements_content_spans():
    text = "张三表示，要加强合作。李四说，同意。\n“我们要团结。”王五说。"
    offs = [_official(text, n, []) for n in ("张三", "李四", "王五")]
    got = [(s.speaker, s.text) for s in find_statements(text, text, offs)]
    assert got == [("张三", "要加强合作。"), ("李四", "同意。"), ("王五", "我们要团结。")]
    for s in find_statements(text, text, offs):
        assert text[s.start:s.end] == s.text
        assert text[s.verb.start:s.verb.end] == s.verb.text


def test_statements_an_act_inside_reported_words_is_not_a_new_statement():
    text = "张三表示，李四连续6年在会上发表重要视频致辞，意义重大。"
    offs = [_official(text, n, []) for n in ("张三", "李四")]
    (st,) = find_statements(text, text, offs)
    assert st.speaker == "张三" and st.text.endswith("意义重大。")


def test_statements_through_the_pipeline():
    doc = readout.read("标题\n国务院总理李强出席会议并讲话。\n李总理强调，要稳增长。")
    assert [(s.speaker, s.verb.text) for s in doc.statements] == [("李强", "讲话"), ("李强", "强调")]


@pytest.mark.parametrize("text,expected", [
    # a new paragraph naming an official: 他 is that official, not the last speaker
    ("省委书记张三主持并讲话。\n自治区党委书记李四到百色调研。他指出，要守护青山。", [("张三", "讲话"), ("李四", "指出")]),
    # the same paragraph: 他 is still the last speaker, though others are named in the words
    ("张三表示，李四总统是老朋友。他说，愿深化合作。", [("张三", "表示"), ("张三", "说")]),
])
def test_statements_pronoun_referent(text, expected):
    offs = [_official(text, n, []) for n in ("张三", "李四")]
    assert [(s.speaker, s.verb.text) for s in find_statements(text, text, offs)] == expected
