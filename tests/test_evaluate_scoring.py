"""The scorer's rules (SCHEMA.md "Scoring"), each checked on small hand-made gold/prediction pairs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from readout.evaluate import (
    Counts,
    PredEvent,
    PredFormulation,
    Prediction,
    PredOfficial,
    evaluate,
    evaluate_predictions,
    formulation_matches,
    normalize,
    post_family,
    post_matches,
    score_event_labels,
    score_events,
    score_formulations,
    score_official_names,
    score_officials,
    score_speakers,
)

# ---------------------------------------------------------------- normalisation


def test_normalize_strips_quotes_whitespace_and_simplifies():
    assert normalize(" “兩個 維護”\u3000") == "两个维护"
    assert normalize("「四個意識」") == "四个意识"
    assert normalize(None) == ""


# ---------------------------------------------------------------- officials


def gold_official(name, *posts, political=True):
    return {"name": name, "posts": list(posts), "political": political}


def test_post_suffix_rule():
    assert post_matches("市委书记", "天津市委书记")
    assert post_matches("天津市委书记", "市委书记")
    assert post_matches("省长", "省长")
    # shorter post has fewer than 3 characters: no suffix match
    assert not post_matches("书记", "市委书记")
    assert not post_matches("省长", "副省长")
    # ends-with, not contains
    assert not post_matches("市委书记", "市委书记处")


def test_officials_exact_and_suffix_pairs():
    gold = [gold_official("李鸿忠", "市委书记"), gold_official("王清宪", "省委副书记", "省长")]
    pred = [PredOfficial("李鸿忠", ("天津市委书记",)), PredOfficial("王清宪", ("省长",))]
    s = score_officials(gold, pred)
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (2, 0, 1)
    assert s.missed == ["王清宪|省委副书记"]


def test_officials_two_char_post_needs_exact_match():
    gold = [gold_official("王清宪", "省长")]
    s = score_officials(gold, [PredOfficial("王清宪", ("副省长",))])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (0, 1, 1)
    s = score_officials(gold, [PredOfficial("王清宪", ("省长",))])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 0, 0)


def test_officials_name_must_be_equal():
    s = score_officials([gold_official("李强", "国务院总理")], [PredOfficial("李强国", ("国务院总理",))])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (0, 1, 1)


def test_officials_one_prediction_cannot_match_two_gold_pairs():
    gold = [gold_official("张三", "市委书记", "天津市委书记")]
    s = score_officials(gold, [PredOfficial("张三", ("天津市委书记",))])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 0, 1)


def test_non_political_gold_pairs_are_optional():
    gold = [gold_official("袁隆平", "院士", political=False), gold_official("习近平", "总书记")]
    # found: neither TP nor FP
    s = score_officials(gold, [PredOfficial("袁隆平", ("院士",)), PredOfficial("习近平", ("总书记",))])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 0, 0)
    # missed: not a FN
    s = score_officials(gold, [PredOfficial("习近平", ("总书记",))])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 0, 0)


def test_predicted_non_political_officials_are_not_scored():
    gold = [gold_official("习近平", "总书记")]
    s = score_officials(gold, [PredOfficial("李书福", ("董事长",), political=False)])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (0, 0, 1)


def test_seed_gold_without_political_flag_counts_as_political():
    s = score_officials([{"name": "李鸿忠", "posts": ["市委书记"]}], [])
    assert s.counts.fn == 1


def test_official_names_alone():
    gold = [gold_official("李鸿忠", "市委书记"), gold_official("袁隆平", "院士", political=False)]
    pred = [PredOfficial("李鸿忠", ("省长",)), PredOfficial("袁隆平", ("院士",)), PredOfficial("张三", ("县长",))]
    s = score_official_names(gold, pred)
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 1, 0)
    assert s.spurious == ["张三"]


def test_traditional_prediction_matches_simplified_gold():
    s = score_officials([gold_official("刘家义", "省委书记")], [PredOfficial("劉家義", ("省委書記",))])
    assert s.counts.tp == 1


def test_post_family():
    assert post_family("中共中央总书记") == "central"
    assert post_family("省委书记") == "provincial"
    assert post_family("天津市委书记") == "provincial"
    assert post_family("黄冈市委书记") == "city"
    assert post_family("县委书记") == "county"
    assert post_family("院士") == "other"


# ---------------------------------------------------------------- events


def test_event_date_and_region_must_both_match():
    gold = [{"date": "2019-09-09", "region": "天津市", "kind": "meeting"}]
    assert score_events(gold, [PredEvent("2019-09-09", None, "天津市", "meeting")]).counts.tp == 1
    s = score_events(gold, [PredEvent("2019-09-10", None, "天津市")])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (0, 1, 1)
    s = score_events(gold, [PredEvent("2019-09-09", None, "河北省")])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (0, 1, 1)


def test_predicted_range_expands_to_days():
    gold = [{"date": f"2023-02-2{d}", "region": "全国", "from_range": True} for d in (6, 7, 8)]
    s = score_events(gold, [PredEvent("2023-02-26", "2023-03-01", "全国")])
    # 26, 27, 28 Feb match; 1 March is a false positive
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (3, 1, 0)
    assert s.spurious == ["2023-03-01|全国"]


def test_alt_regions_accepted_but_only_once():
    gold = [{"date": "2018-08-27", "region": "全国", "alt_regions": ["北京市"], "kind": "meeting"}]
    assert score_events(gold, [PredEvent("2018-08-27", None, "北京市")]).counts.tp == 1
    s = score_events(gold, [PredEvent("2018-08-27", None, "北京市"), PredEvent("2018-08-27", None, "全国")])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 1, 0)


def test_null_in_alt_regions_accepts_prediction_without_region():
    gold = [{"date": "2021-11-12", "region": "湖北省", "alt_regions": [None]}]
    assert score_events(gold, [PredEvent("2021-11-12", None, None)]).counts.tp == 1
    # without the null alternative a region-less prediction is wrong
    s = score_events([{"date": "2021-11-12", "region": "湖北省"}], [PredEvent("2021-11-12", None, None)])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (0, 1, 1)


def test_ambiguous_and_null_date_gold_are_optional():
    gold = [
        {"date": "2023-03-06", "region": "江西省", "alt_regions": ["全国"], "ambiguous": True},
        {"date": None, "region": "天津市"},
        {"date": "2023-03-07", "region": "全国"},
    ]
    s = score_events(gold, [PredEvent("2023-03-07", None, "全国")])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 0, 0)
    # a prediction that matches the ambiguous item is neither TP nor FP
    s = score_events(gold, [PredEvent("2023-03-07", None, "全国"), PredEvent("2023-03-06", None, "全国")])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 0, 0)


def test_required_gold_gets_the_prediction_before_optional_gold():
    gold = [
        {"date": "2023-03-06", "region": "江西省", "alt_regions": ["全国"], "ambiguous": True},
        {"date": "2023-03-06", "region": "全国"},
    ]
    s = score_events(gold, [PredEvent("2023-03-06", None, "全国")])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 0, 0)


def test_predicted_events_without_date_are_not_scored():
    s = score_events([], [PredEvent(None, None, "天津市")])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (0, 0, 0)


def test_duplicate_predicted_items_count_once():
    gold = [{"date": "2019-09-09", "region": "天津市"}]
    pred = [PredEvent("2019-09-09", None, "天津市"), PredEvent("2019-09-09", None, "天津市")]
    assert (score_events(gold, pred).counts.fp, score_events(gold, pred).counts.tp) == (0, 1)


def test_events_by_kind():
    gold = [{"date": "2019-09-09", "region": "天津市", "kind": "meeting"},
            {"date": "2019-09-10", "region": "天津市", "kind": "inspection"}]
    s = score_events(gold, [PredEvent("2019-09-09", None, "天津市", "meeting"),
                            PredEvent("2019-09-11", None, "天津市", "other")])
    assert (s.by_kind["meeting"].tp, s.by_kind["inspection"].fn, s.by_kind["other"].fp) == (1, 1, 1)


# ---------------------------------------------------------------- event kind and leader


def test_event_kind_and_leader_scored_on_matched_events_only():
    gold = [{"date": "2019-09-09", "region": "天津市", "kind": "meeting", "leader": "李鸿忠"},
            {"date": "2019-09-10", "region": "天津市", "kind": "inspection", "leader": None},
            {"date": "2019-09-11", "region": "天津市", "kind": "other", "leader": "张三"}]  # not predicted
    pred = [PredEvent("2019-09-09", None, "天津市", "meeting", "李鸿忠"),
            PredEvent("2019-09-10", None, "天津市", "meeting", "王五"),
            PredEvent("2019-09-12", None, "天津市", "other", "张三")]  # spurious: not scored for labels
    kind, leader = score_event_labels(gold, pred)
    # a wrong label is one FP and one FN, so P = R = F1 = accuracy
    assert (kind.counts.tp, kind.counts.fp, kind.counts.fn) == (1, 1, 1)
    assert kind.counts.f1 == pytest.approx(0.5)
    assert kind.missed == ["2019-09-10|天津市: inspection → meeting"]
    assert (leader.counts.tp, leader.counts.fn) == (1, 1)
    assert leader.missed == ["2019-09-10|天津市: None → 王五"]
    assert (leader.by_kind["named"].tp, leader.by_kind["none"].fn) == (1, 1)


def test_event_leader_none_wanted_and_traditional_names():
    gold = [{"date": "2019-09-09", "region": "天津市", "kind": "meeting", "leader": None},
            {"date": "2019-09-10", "region": "天津市", "kind": "meeting", "leader": "刘家义"}]
    pred = [PredEvent("2019-09-09", None, "天津市", "meeting", None),
            PredEvent("2019-09-10", None, "天津市", "meeting", "劉家義")]
    kind, leader = score_event_labels(gold, pred)
    assert (kind.counts.tp, leader.counts.tp, leader.counts.fp) == (2, 2, 0)


def test_event_labels_skip_gold_without_the_field():
    gold = [{"date": "2019-09-09", "region": "天津市"}]  # older gold: no kind, no leader
    kind, leader = score_event_labels(gold, [PredEvent("2019-09-09", None, "天津市", "other", "张三")])
    assert kind.counts.empty and leader.counts.empty


def test_range_prediction_labels_every_matched_day():
    gold = [{"date": f"2023-02-2{d}", "region": "全国", "kind": "meeting", "leader": "李强"} for d in (6, 7)]
    kind, leader = score_event_labels(gold, [PredEvent("2023-02-26", "2023-02-27", "全国", "other", "李强")])
    assert (kind.counts.fn, leader.counts.tp) == (2, 2)


# ---------------------------------------------------------------- speakers


def test_speakers_precision_recall_once_per_name():
    s = score_speakers(["李强", "丁薛祥"], ["李强", "李强", "王小洪", "  "])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 1, 1)
    assert s.missed == ["丁薛祥"] and s.spurious == ["王小洪"]


def test_speakers_scored_only_where_gold_has_the_field():
    base = {"file": "a.txt", "officials": [], "events": [], "formulations": []}
    preds = {"a.txt": Prediction(speakers=["李强"]), "b.txt": Prediction(speakers=["李强"])}
    rep = evaluate_predictions([base, {**base, "file": "b.txt", "speakers": []}], preds)
    assert rep.labelled("speakers") == 1
    assert (rep.totals["speakers"].fp, rep.totals["speakers"].tp) == (1, 0)
    assert "speakers" not in evaluate_predictions([base], preds).to_dict()["totals"]


def test_report_subset_keeps_only_the_named_files():
    gold = [{"file": f, "officials": [gold_official("李强", "国务院总理")], "events": [], "formulations": []}
            for f in ("t.txt", "v.txt")]
    rep = evaluate_predictions(gold, {"t.txt": Prediction(officials=[PredOfficial("李强", ("国务院总理",))])})
    v = rep.subset(["v.txt"])
    assert [f.file for f in v.files] == ["v.txt"]
    assert (v.totals["officials"].tp, v.totals["officials"].fn) == (0, 1)
    assert rep.subset(["t.txt"]).totals["officials"].f1 == 1.0


# ---------------------------------------------------------------- formulations


def test_formulation_containment_rule():
    assert formulation_matches("两个维护", "两个维护")
    assert formulation_matches("不忘初心、牢记使命", "不忘初心、牢记使命主题教育")  # 9/13 ≥ 0.6
    assert not formulation_matches("四个意识", "增强四个意识坚定四个自信")  # 4/12 < 0.6
    # exactly 60% is enough
    assert formulation_matches("一二三", "一二三四五")
    assert not formulation_matches("一二", "一二三四")
    assert not formulation_matches("两个维护", "两个确立")


def test_formulation_recall_counts_any_kind_precision_only_quoted_and_numbered():
    gold = ["两个维护", "头雁效应", "四个意识"]
    pred = [
        PredFormulation("“两个维护”", "两个维护", "quoted"),
        PredFormulation("头雁效应", "头雁效应", "lexicon"),
        PredFormulation("“稳中求进”", "稳中求进", "quoted"),  # FP
        PredFormulation("高质量发展", "高质量发展", "lexicon"),  # unlabelled lexicon hit: not scored
    ]
    s = score_formulations(gold, pred)
    assert (s.counts.tp, s.counts.fn) == (2, 1)
    assert (s.counts.tp_pred, s.counts.fp) == (1, 1)
    assert s.counts.recall == pytest.approx(2 / 3)
    assert s.counts.precision == pytest.approx(1 / 2)
    assert s.missed == ["四个意识"] and s.spurious == ["稳中求进"]


def test_formulation_value_can_match_when_text_does_not():
    s = score_formulations(["两个维护"], [PredFormulation("做到“两个维护”", "两个维护", "numbered")])
    assert (s.counts.tp, s.counts.tp_pred, s.counts.fp) == (1, 1, 0)


# ---------------------------------------------------------------- counts and reports


def test_counts_micro_average():
    c = Counts(tp=3, fp=1, fn=2)
    c.add(Counts(tp=1, fp=1, fn=0))
    assert (c.precision, c.recall) == (pytest.approx(4 / 6), pytest.approx(4 / 6))
    assert Counts().f1 == 0.0


def test_evaluate_predictions_sums_over_files_and_sources():
    gold = [
        {"file": "xwlb_1.txt", "officials": [gold_official("李强", "国务院总理")], "events": [], "formulations": []},
        {"file": "pages_2.txt", "officials": [gold_official("徐麟", "省委书记")], "events": [], "formulations": []},
    ]
    preds = {"xwlb_1.txt": Prediction(officials=[PredOfficial("李强", ("总理",))]),
             "pages_2.txt": Prediction(officials=[PredOfficial("徐麟", ("省委书记",))])}
    rep = evaluate_predictions(gold, preds)
    # "总理" has two characters: no suffix match with 国务院总理
    assert (rep.totals["officials"].tp, rep.totals["officials"].fp, rep.totals["officials"].fn) == (1, 1, 1)
    assert rep.totals["official_names"].tp == 2
    assert rep.by_source["pages"]["officials"].tp == 1 and rep.by_source["xwlb"]["officials"].tp == 0


def _write_corpus(tmp_path):
    gold = {"file": "a_20190909.txt", "pub_date": "2019-09-09",
            "officials": [gold_official("李鸿忠", "市委书记")],
            "events": [{"date": "2019-09-09", "region": "天津市", "kind": "meeting"}], "formulations": ["两个维护"]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "a_20190909.txt").write_text("x", encoding="utf-8")
    (tmp_path / "INDEX.jsonl").write_text('{"file": "a_20190909.txt", "category": "roundup"}\n', encoding="utf-8")
    return tmp_path / "gold.jsonl"


class _Doc:
    """Just the attributes ``prediction_from_documents`` reads."""

    def __init__(self, **kw):
        self.text = "x" * 10
        self.officials, self.events, self.formulations = [], [], []
        self.__dict__.update(kw)


def test_evaluate_uses_reader_merges_documents_and_reads_index(tmp_path):
    from readout.model import Event, Formulation, Official, RegionRef

    gold_path = _write_corpus(tmp_path)
    seen = []

    def read(path):
        seen.append(path)
        region = RegionRef("天津市", "120000", "天津", 0, 2)
        return [_Doc(officials=[Official("李鸿忠", ["天津市委书记"], True)]),
                _Doc(events=[Event(0, 1, "x", "2019-09-09", None, "meeting", None, region)],
                     formulations=[Formulation(0, 6, "“两个维护”", "两个维护", "quoted")])]

    rep = evaluate(gold_path, tmp_path, read=read)
    assert seen == [tmp_path / "a_20190909.txt"]
    assert all(rep.totals[f].tp == 1 and rep.totals[f].fn == 0 for f in ("officials", "events", "formulations"))
    assert rep.chars == 20 and "roundup" in rep.by_source


def test_evaluate_reports_unreadable_files(tmp_path):
    gold_path = _write_corpus(tmp_path)

    def read(path):
        raise ValueError("boom")

    rep = evaluate(gold_path, tmp_path, read=read)
    assert [f.file for f in rep.errors] == ["a_20190909.txt"] and "boom" in rep.errors[0].error
    assert rep.totals["events"].fn == 1


def test_cli_json_and_errors(tmp_path, monkeypatch):
    from readout.evaluate import reading

    gold_path = _write_corpus(tmp_path)
    monkeypatch.setattr(reading, "default_read", lambda path: [_Doc(officials=[Official_("张三", ["县长"])])])
    from readout.cli import main

    cmd = main.commands["eval"]
    res = CliRunner().invoke(cmd, [str(gold_path), str(tmp_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["totals"]["officials"]["fp"] == 1 and data["totals"]["officials"]["fn"] == 1
    res = CliRunner().invoke(cmd, [str(gold_path), str(tmp_path), "--errors", "--by", "kind"])
    assert res.exit_code == 0, res.output
    assert "张三|县长" in res.output and "李鸿忠|市委书记" in res.output


def Official_(name, posts):  # noqa: N802 - a tiny stand-in for readout.model.Official
    from readout.model import Official

    return Official(name, posts, True)


def test_formulations_by_kind_split_recall_and_precision():
    gold = ["两个维护", "四个自信"]
    pred = [PredFormulation("“两个维护”", "两个维护", "quoted"), PredFormulation("新时代", "新时代", "lexicon")]
    s = score_formulations(gold, pred)
    assert (s.by_kind["quoted"].tp, s.by_kind["quoted"].tp_pred) == (1, 1)
    assert s.by_kind["numbered"].fn == 1  # 四个自信 missed, counted under its guessed kind
    assert (s.by_kind["lexicon"].fp, s.by_kind["lexicon"].precision) == (1, 0.0)
    assert s.counts.fp == 0  # lexicon hits are not in the total
