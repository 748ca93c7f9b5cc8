"""Career summaries read by hand-written records in the 新闻联播 and Xinhua forms (people invented for the tests)."""

from __future__ import annotations

from readout.extract.careers import find_careers, find_held

RECORD = (
    "央视网消息（新闻联播）：现在播送张晓峰同志简历。\n"
    "张晓峰，男，汉族，1958年3月生，湖南长沙人，1978年9月参加工作，大学学历。\n"
    "现任中央政治局委员，国务院副总理。\n"
    "1995-1998年　江西省委副书记\n"
    "1998－2000年江西省委副书记、代省长（其间：1999.03－1999.05中央党校进修班学习；1999年获硕士学位）\n"
    "（2001-2003年中央党校在职研究生班学习）\n"
    "2000—2003年　江西省委常委、副书记，省长\n"
    "2003-2008年　中央政治局委员，四川省委书记（至2008年6月）\n"
    "2013年起　中央政治局委员，国务院副总理\n"
    "第十六届中央候补委员，十七届中央委员。\n"
)


def _lines(text: str) -> list[tuple]:
    return [(ln.name, ln.start, ln.end, ln.kind, tuple(p.text for p in ln.posts)) for ln in find_careers(text)]


def test_record_lines_dates_and_posts() -> None:
    assert _lines(RECORD) == [
        ("张晓峰", None, None, "now", ("中央政治局委员", "国务院副总理")),
        ("张晓峰", "1995", "1998", "range", ("江西省委副书记",)),
        ("张晓峰", "1998", "2000", "range", ("江西省委副书记", "代省长")),  # the note's posts and ；are no line
        ("张晓峰", "2000", "2003", "range", ("江西省委常委", "副书记", "省长")),
        ("张晓峰", "2003", "2008", "range", ("中央政治局委员", "四川省委书记")),
        ("张晓峰", "2013", None, "range", ("中央政治局委员", "国务院副总理")),
    ]


def test_record_spans_organisation_and_early_end() -> None:
    lines = find_careers(RECORD)
    for ln in lines:
        for p in ln.posts:
            assert RECORD[p.start:p.end] == p.text
    deputy = lines[3].posts[1]
    assert (deputy.text, deputy.value) == ("副书记", "江西省委副书记")  # a bare head takes its list's organisation
    assert [p.until for p in lines[4].posts] == [None, "2008-06"]  # (至2008年6月) ends that post only


def test_xinhua_months_open_line_and_heading() -> None:
    text = ("李明华同志简历\n"
            "李明华，女，汉族，1962年10月生，1984年7月加入中国共产党。\n"
            "2008.01—2010.12　甘肃省委副书记、省长\n"
            "2010.12—2016.06　甘肃省委书记\n"
            "2016.06—　山西省委书记\n")
    assert _lines(text) == [
        ("李明华", "2008-01", "2010-12", "range", ("甘肃省委副书记", "省长")),
        ("李明华", "2010-12", "2016-06", "range", ("甘肃省委书记",)),
        ("李明华", "2016-06", None, "range", ("山西省委书记",)),
    ]


def test_prose_record_needs_a_verb_and_the_person() -> None:
    """An obituary's sentences: a date, the person, 任/历任 and the posts; 历任 lists are held within the range."""
    text = ("王大成同志生平\n"
            "王大成同志，1930年5月生，云南昆明人。1978年至1983年，任云南省委常委。"
            "1983年3月至1991年3月，王大成同志历任云南省委副书记、省长，省委书记。"
            "1991年至1993年，在中央党校学习。1993年，李小兵同志任云南省委书记。\n")
    assert _lines(text) == [
        ("王大成", "1978", "1983", "range", ("云南省委常委",)),
        ("王大成", "1983-03", "1991-03", "within", ("云南省委副书记", "省长", "省委书记")),
    ]


def test_dated_prose_without_a_record_is_not_read() -> None:
    text = ("重庆大轰炸\n1938年2月至1944年12月，侵华日军对重庆进行轰炸。\n"
            "2003-2008年　四川省委书记\n")  # no person opened a record: nobody's line
    assert find_careers(text) == []


def test_a_notice_inside_a_record_is_not_the_persons_post() -> None:
    text = "张晓峰，男，汉族，1958年3月生。\n2015年，任命李四为云南省省长。\n"  # 任命: someone else's post
    assert find_careers(text) == []


def test_held_posts_of_a_defendant() -> None:
    """An indictment lists the posts a defendant held, dated by the range before the name when there is one."""
    text = ("检察院指控：2002年至2014年，被告人王某某利用其担任中共青海省委书记、中共甘肃省委书记等职务上的便利，"
            "收受财物。起诉书指控：被告人张某在担任某公司副总经理，中共四川省委书记等职务期间，滥用职权。"
            "他在担任村支书期间，带领群众致富。")
    got = [(ln.name, ln.start, ln.end, ln.kind, tuple(p.text for p in ln.posts)) for ln in find_held(text)]
    assert got == [("王某某", "2002", "2014", "within", ("中共青海省委书记", "中共甘肃省委书记")),
                   ("张某", None, None, "within", ("某公司副总经理", "中共四川省委书记"))]
