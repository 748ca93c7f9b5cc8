"""The seed roundup: exactly ten events, each with the right official and post."""

from __future__ import annotations

import json

from conftest import SEED_GOLD

from readout.evaluate import formulation_matches, normalize

EXPECTED = [
    ("2019-09-09", "天津市", "李鸿忠", "市委书记"),
    ("2019-09-09", "吉林省", "巴音朝鲁", "省委书记"),
    ("2019-09-10", "黑龙江省", "张庆伟", "省委书记"),
    ("2019-09-10", "江苏省", "娄勤俭", "省委书记"),
    ("2019-09-09", "安徽省", "李锦斌", "省委书记"),
    ("2019-09-09", "山东省", "刘家义", "省委书记"),
    ("2019-09-09", "湖南省", "杜家毫", "省委书记"),
    ("2019-09-09", "四川省", "彭清华", "省委书记"),
    ("2019-09-09", "青海省", "王建军", "省委书记"),
    ("2019-09-10", "宁夏回族自治区", "石泰峰", "自治区党委书记"),
]
CODES = {"天津市": "120000", "吉林省": "220000", "黑龙江省": "230000", "江苏省": "320000", "安徽省": "340000",
         "山东省": "370000", "湖南省": "430000", "四川省": "510000", "青海省": "630000", "宁夏回族自治区": "640000"}
MEETING = "“不忘初心、牢记使命”主题教育第一批总结暨第二批部署会议"


def test_pipeline_seed_exactly_ten_events(seed_doc):
    got = [(e.date, e.region.name, e.leader, e.officials[0].posts[0]) for e in seed_doc.events]
    assert got == EXPECTED
    # 习近平 is cited in every section ("习近平新时代…思想", "习近平总书记关于…"), never present
    assert [[a.name for a in e.officials] for e in seed_doc.events] == [[e[2]] for e in EXPECTED]


def test_pipeline_seed_event_regions_titles_and_codes(seed_doc):
    for ev in seed_doc.events:
        assert ev.kind == "meeting"
        assert ev.region.code == CODES[ev.region.name]
        assert ev.title is not None and ev.title.text.strip("“”") .endswith("部署会议")
        assert ev.title.text in (MEETING, MEETING.strip("“"))
        assert seed_doc.text[ev.title.start:ev.title.end] == ev.title.text
        assert ev.date_end is None


def test_pipeline_seed_ten_sections(seed_doc):
    assert [s.region.name for s in seed_doc.sections] == [e[1] for e in EXPECTED]
    # sections do not overlap and each holds its own event
    for sec, ev in zip(seed_doc.sections, seed_doc.events):
        assert sec.start <= ev.start < sec.end


# The seed's 23 gold formulations (../shared/corpus/seed/gold.jsonl), kept here so the check
# runs on a fresh clone too; test_eval_gate scores the same list from the gold file itself.
SEED_FORMULATIONS = ["不忘初心、牢记使命", "头雁效应", "上热中温下冷", "官爷文化", "四个意识", "四个自信", "两个维护", "强富美高", "12字", "五句话", "四个到位", "三个以案", "五个注重", "基层减负年", "守初心、担使命，找差距、抓落实", "病灶", "病因", "病根", "干货", "四项重点措施", "10项专项整治任务", "理解不深入、行动跟不上、落实缺乏创造性", "8个方面的专项整治"]


def test_pipeline_seed_all_gold_formulations(seed_doc):
    if SEED_GOLD.exists():
        assert json.loads(SEED_GOLD.read_text(encoding="utf-8").splitlines()[0])["formulations"] == SEED_FORMULATIONS
    # as the scorer does: the written text or the (canonical) value may match the gold string
    values = {normalize(x) for f in seed_doc.formulations for x in (f.text, f.value)}

    def found(g: str) -> bool:
        return any(formulation_matches(normalize(g), v) for v in values)

    assert len(SEED_FORMULATIONS) == 23
    assert [g for g in SEED_FORMULATIONS if not found(g)] == []


def test_pipeline_seed_officials_and_statements(seed_doc):
    offs = {o.name: o for o in seed_doc.officials}
    for _, _, name, post in EXPECTED:
        assert post in offs[name].posts
        # every occurrence is a mention, including later bare ones ("李鸿忠强调")
        assert len(offs[name].mentions) == seed_doc.text.count(name)
    assert len(offs["李鸿忠"].mentions) >= 2
    speakers = {s.speaker for s in seed_doc.statements}
    assert {e[2] for e in EXPECTED} <= speakers
    st = next(s for s in seed_doc.statements if s.speaker == "李鸿忠" and s.verb.text == "强调")
    assert st.text.startswith("要严格按照党中央部署要求")


def test_pipeline_seed_title_and_clean_text(seed_doc):
    assert seed_doc.title.startswith("以彻底的自我革命精神解决问题")
    assert not seed_doc.title.endswith(".txt")
    assert "&nbsp;" not in seed_doc.text and "\u3000" not in seed_doc.text and "<" not in seed_doc.text
    assert seed_doc.text.split("\n")[0] == seed_doc.title
