"""Density, amplification, first appearance/lag, roster and timeline on a small corpus built by hand.

Corpus (one section and one dated meeting per provincial document):

| doc | source            | date       | region | formulations | official          |
|-----|-------------------|------------|--------|--------------|-------------------|
| A   | central/xwlb_1    | 2019-09-01 | 全国   | 两个维护     | -                 |
| B   | prov/tj_1         | 2019-09-09 | 天津   | 两个维护     | 李鸿忠 市委书记   |
| C   | prov/jl_1         | 2019-09-12 | 吉林   | -            | 巴音朝鲁 省委书记 |
| D   | prov/jl_2         | 2019-10-03 | 吉林   | 两个维护     | 巴音朝鲁 省委书记 |
| E   | prov/tj_2         | 2019-10-20 | 天津   | 四个意识     | 李鸿忠 市委书记   |
"""

from __future__ import annotations

import pytest

from readout.analyze import amplification, density, first_appearance, formulation_counts, roster, timeline
from readout.model import Attendee, Document, Event, Formulation, Mention, Official, Post, RegionRef, Section
from readout.store import Store


def _doc(did: str, source: str, date: str, region: tuple[str, str | None, str], form: str | None,
         official: tuple[str, str] | None) -> Document:
    name, code, short = region
    who = f"{official[1]}{official[0]}" if official else ""
    body = f"{short}召开会议。{who}出席。" + (f"强调{form}。" if form else "")
    text = f"{did}\n{body}"
    r0 = text.index(short)
    reg = RegionRef(name, code, short, r0, r0 + len(short))
    forms, offs, att = [], [], []
    if form:
        i = text.index(form)
        forms.append(Formulation(i, i + len(form), form, form, "quoted"))
    if official:
        person, post = official
        p0, n0 = text.index(post), text.index(person)
        offs.append(Official(person, [post], True,
                             [Mention(n0, n0 + len(person), person, [Post(p0, p0 + len(post), post, post)])]))
        att.append(Attendee(person, [post], n0, n0 + len(person), person))
    sec = [Section(2, len(text), text[2:], reg)] if code else []
    ev = Event(2, len(text), text[2:], date, None, "meeting", None, reg, None, att)
    return Document(id=did, source=f"{source}.txt", title=did, pub_date=date, text=text, sections=sec,
                    events=[ev], officials=offs, formulations=forms)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "c.db"
    tj, jl = ("天津市", "120000", "天津"), ("吉林省", "220000", "吉林")
    docs = [
        _doc("A", "central/xwlb_1", "2019-09-01", ("全国", None, "全国"), "两个维护", None),
        _doc("B", "prov/tj_1", "2019-09-09", tj, "两个维护", ("李鸿忠", "市委书记")),
        _doc("C", "prov/jl_1", "2019-09-12", jl, None, ("巴音朝鲁", "省委书记")),
        _doc("D", "prov/jl_2", "2019-10-03", jl, "两个维护", ("巴音朝鲁", "省委书记")),
        _doc("E", "prov/tj_2", "2019-10-20", tj, "四个意识", ("李鸿忠", "市委书记")),
    ]
    with Store.open(path) as st:
        for d in docs:
            assert st.add(d)
    return path


def test_counts(db):
    rows = {r["formulation"]: r for r in formulation_counts(db)}
    assert rows["两个维护"]["hits"] == 3
    assert rows["两个维护"]["documents"] == 3
    assert rows["四个意识"]["documents"] == 1
    by_region = {(r["formulation"], r["region"]): r["hits"] for r in formulation_counts(db, by="region")}
    assert by_region == {("两个维护", "全国"): 1, ("两个维护", "天津市"): 1, ("两个维护", "吉林省"): 1,
                         ("四个意识", "天津市"): 1}


def test_density_per_region_and_month(db):
    rows = {(r["formulation"], r["group"], r["month"]): r for r in density(db, by="region")}
    # 吉林 in September: C only, without it → no row; in October: D, with it → 1/1.
    assert ("两个维护", "吉林省", "2019-09") not in rows
    assert rows[("两个维护", "吉林省", "2019-10")]["density"] == 1.0
    assert rows[("两个维护", "天津市", "2019-09")]["units"] == 1
    whole = {(r["formulation"], r["group"]): r for r in density(db, by="region", monthly=False)}
    assert whole[("两个维护", "吉林省")]["density"] == 0.5  # D of C, D
    assert whole[("两个维护", "天津市")]["density"] == 0.5  # B of B, E
    assert whole[("两个维护", "吉林省")]["units_with"] == 1
    # Source groupings are counted on request, by the same units: a document each.
    by_source = {(r["formulation"], r["group"]): r for r in density(db, by="source", monthly=False)}
    assert by_source[("两个维护", "prov")]["units_with"] == 2 and by_source[("两个维护", "prov")]["units"] == 4


def test_amplification_against_central(db):
    rows = {(r["formulation"], r["group"]): r for r in amplification(db, "central", by="source")}
    prov = rows[("两个维护", "prov")]
    assert (prov["density"], prov["reference_density"], prov["amplification"]) == (0.5, 1.0, 0.5)
    assert rows[("四个意识", "prov")]["amplification"] is None  # central never says it
    with pytest.raises(ValueError):
        amplification(db, "nowhere", by="source")


def test_first_appearance_and_lag(db):
    rows = {(r["formulation"], r["group"]): r for r in first_appearance(db, by="region")}
    assert rows[("两个维护", "全国")]["first_date"] == "2019-09-01"
    assert rows[("两个维护", "全国")]["lag_days"] == 0
    assert rows[("两个维护", "天津市")]["lag_days"] == 8
    assert rows[("两个维护", "吉林省")]["first_date"] == "2019-10-03"
    assert rows[("两个维护", "吉林省")]["lag_days"] == 32
    assert rows[("两个维护", "吉林省")]["document_id"] == "D"
    src = {(r["formulation"], r["group"]): r for r in first_appearance(db, by="source")}
    assert src[("两个维护", "prov")]["first_date"] == "2019-09-09" and src[("两个维护", "prov")]["lag_days"] == 8


def test_roster(db):
    # bare posts (市委书记, 省委书记) take their section's region: the tenures are of 天津 and 吉林
    rows = {(r["name"], r["title"]): r for r in roster(db)}
    li = rows[("李鸿忠", "天津市委书记")]
    assert (li["code"], li["first_seen"], li["last_seen"], li["documents"]) == ("120000", "2019-09-09", "2019-10-20", 2)
    ba = rows[("巴音朝鲁", "吉林省委书记")]
    assert (ba["first_seen"], ba["last_seen"], ba["evidence"]) == ("2019-09-12", "2019-10-03", 2)
    assert [r["name"] for r in roster(db, region="22")] == ["巴音朝鲁"]
    assert [r["name"] for r in roster(db, region="吉林")] == ["巴音朝鲁"]


def test_timeline(db):
    rows = timeline(db)
    assert [(r["date"], r["region_name"]) for r in rows] == [
        ("2019-09-01", "全国"), ("2019-09-09", "天津市"), ("2019-09-12", "吉林省"), ("2019-10-03", "吉林省"),
        ("2019-10-20", "天津市")]
    assert rows[1]["leaders"] == ["李鸿忠"] and len(rows[1]["event_ids"]) == 1
    assert [r["date"] for r in timeline(db, region="22")] == ["2019-09-12", "2019-10-03"]
    assert len(timeline(db, date_from="2019-10-01")) == 2
