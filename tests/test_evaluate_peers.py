"""The benchmark's peers (benchmarks/peers.py) and its skip path, on hand-made text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

peers = pytest.importorskip("peers")
accuracy = pytest.importorskip("accuracy")

TEXT = "2019年9月9日，天津召开会议。市委书记李鸿忠出席会议并讲话。习近平总书记强调，要增强“四个意识”。"


def test_regex_peer_nearest_post_dates_and_formulations():
    pred = peers.regex_peer(TEXT, "2019-09-10")
    pairs = {(o.name, p) for o in pred.officials for p in o.posts}
    assert ("李鸿忠", "市委书记") in pairs
    assert [(e.date, e.region) for e in pred.events] == [("2019-09-09", "天津市")]
    assert {f.value for f in pred.formulations} >= {"四个意识"}


def test_assign_posts_post_before_list_and_post_after_name():
    text = "中央政治局常委李强、赵乐际出席。习近平总书记讲话。"
    names = [(text.index(n), text.index(n) + len(n), n) for n in ("李强", "赵乐际", "习近平")]
    got = {o.name: o.posts for o in peers.assign_posts(text, names, peers.find_posts(text))}
    assert got["李强"] == got["赵乐际"] and got["李强"][0].endswith("常委")
    assert got["习近平"] == ("总书记",)


def test_post_does_not_cross_clause_break():
    text = "省长出席。王小明讲话。"
    names = [(text.index("王小明"), text.index("王小明") + 3, "王小明")]
    assert peers.assign_posts(text, names, peers.find_posts(text)) == []


def test_relative_day_and_range_dates():
    evs = peers.find_events("昨天，湖南省召开会议。12月1日至3日，在上海考察。", "2020-12-05")
    assert ("2020-12-04", None, "湖南省") in [(e.date, e.date_end, e.region) for e in evs]
    assert ("2020-12-01", "2020-12-03", "上海市") in [(e.date, e.date_end, e.region) for e in evs]


def test_benchmark_skips_without_dev_corpus(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("READOUT_XWLB", raising=False)
    out = tmp_path / "accuracy.md"
    assert accuracy.main(["--dev", str(tmp_path / "missing"), "--out", str(out)]) == 0
    assert "skipped" in capsys.readouterr().out and not out.exists()
