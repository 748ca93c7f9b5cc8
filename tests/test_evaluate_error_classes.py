"""benchmarks/error_classes.py puts each miss and false hit in exactly one class (hand-made input)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
ec = pytest.importorskip("error_classes")

from readout.evaluate import PredEvent, PredFormulation, Prediction, PredOfficial  # noqa: E402


def _gold(**kw):
    return {"file": "a.txt", "pub_date": "2020-05-20", "officials": [], "events": [], "formulations": [], **kw}


def test_official_classes_one_per_error():
    gold = _gold(officials=[{"name": "约翰·史密斯", "posts": ["英国外交大臣"], "political": True},
                            {"name": "王小明", "posts": ["市长"], "political": True},
                            {"name": "李大红", "posts": ["县委书记"], "political": True}])
    pred = Prediction(officials=[PredOfficial("王小明说", ("市长",)), PredOfficial("全体", ("县委书记",))])
    got = sorted(ec.official_classes(gold, pred, "市长王小明说，县委书记李大红……"))
    assert [k for k, _ in got].count("miss") == 3 and [k for k, _ in got].count("false") == 2
    classes = {c for _, c in got}
    assert any(c.startswith("foreign official") for c in classes)
    assert any(c.startswith("name cut wrong") for c in classes)
    assert any(c.startswith("not a person") for c in classes)


def test_event_classes_abroad_region_and_history():
    gold = _gold(events=[{"date": "2020-05-19", "region": "美国"}, {"date": "2020-05-20", "region": "江苏省"}])
    pred = Prediction(events=[PredEvent("2020-05-19", None, None), PredEvent("2020-05-20", None, "浙江省"),
                              PredEvent("1949-10-01", None, "北京市")])
    got = list(ec.event_classes(gold, pred))
    assert ("miss", "abroad: the day found, the country not given") in got
    assert sum(1 for k, c in got if k == "false" and c.startswith("a day long before")) == 1
    assert len(got) == 5  # 2 misses, 3 false hits


def test_formulation_classes():
    gold = _gold(formulations=["两个维护"])
    pred = Prediction(formulations=[PredFormulation("“星光大道”", "星光大道", "quoted"),
                                    PredFormulation("三个月", "三个月", "numbered")])
    got = list(ec.formulation_classes(gold, pred, "做到“两个维护”，“星光大道”三个月"))
    assert ("miss", "quoted in the text, not taken") in got
    assert [k for k, _ in got].count("false") == 2
