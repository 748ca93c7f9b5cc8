"""Record mappings and archive layouts: xwlb day JSON, cctv_news daily markdown, profiles, clean titles.

The files under tests/data/archives are written for these tests in the two archives' layouts
(tests/data/archives/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import readout
from readout.clean import clean, clean_title, verify_offsets
from readout.cli import main
from readout.errors import ReadoutError
from readout.ingest import RawRecord, iter_records, read_path, records_from_text
from readout.ingest.records import PROFILES, from_options, load_profile
from readout.model import Rejected

DATA = Path(__file__).parent / "data" / "archives"
XWLB_DAY = DATA / "xwlb" / "assets" / "2022" / "20220105.json"
XWLB_EMPTY_DAY = DATA / "xwlb" / "assets" / "2012" / "20121216.json"
MD_EARLY = DATA / "cctv_news" / "news" / "20220105.md"
MD_LATE = DATA / "cctv_news" / "news" / "20230310.md"


def _split(items: list) -> tuple[list[RawRecord], list[Rejected]]:
    return [i for i in items if isinstance(i, RawRecord)], [i for i in items if isinstance(i, Rejected)]


def test_xwlb_day_file_is_detected_and_every_story_with_content_is_read() -> None:
    recs, rejected = _split(list(iter_records([XWLB_DAY])))
    raw = json.loads(XWLB_DAY.read_text(encoding="utf-8"))["videoList"]
    with_content = [r for r in raw if ((r.get("video_detail") or {}).get("content") or "").replace("<p></P>", "")]
    assert len(recs) == len(with_content) == 5
    assert [r.record_id for r in recs] == [r["video_id"] for r in with_content]
    assert [r.url for r in recs] == [r["video_url"] for r in with_content]
    assert {(r.pub_date, r.pub_date_origin) for r in recs} == {("2022-01-05", "metadata")}
    assert all(r.markup == "html" and r.title.startswith("[视频]") for r in recs)
    for r in recs:
        c = clean(r)
        verify_offsets(r.raw_text, c)
        assert "<p>" not in c.text and "央视网消息" in c.text
    # the odd records are reported one by one, each saying what the record holds instead
    assert {x.code for x in rejected} == {"E012"}
    why = {x.source.rsplit("#", 1)[1]: x.message for x in rejected}
    assert sorted(why) == ["6", "7", "8", "9"]
    assert "video_detail.content is empty" in why["6"]
    assert "errcode, msg" in why["7"]
    assert "no 'video_detail'" in why["8"]
    assert "only markup" in why["9"]


def test_xwlb_documents_keep_the_raw_title_and_gain_a_clean_one() -> None:
    docs = [d for d in readout.read_paths([XWLB_DAY]) if not isinstance(d, Rejected)]
    assert [d.title[:4] for d in docs] == ["[视频]"] * 5
    assert docs[1].clean_title == "【央视快评】以奋斗姿态开启新征程"  # a column name is part of the headline
    for d in docs:
        assert not d.clean_title.startswith("[")
        assert d.title.endswith(d.clean_title) and d.text.startswith(d.title)
        assert d.record_id and d.url and d.url.endswith(d.record_id + ".shtml")
    assert docs[0].to_dict()["clean_title"] == docs[0].clean_title


def test_an_empty_day_is_one_rejection_naming_the_empty_list() -> None:
    (rej,) = list(iter_records([XWLB_EMPTY_DAY]))
    assert isinstance(rej, Rejected) and rej.code == "E011"
    assert "videoList" in rej.message and "empty" in rej.message


def test_options_mapping_reads_what_the_built_in_profile_reads() -> None:
    m = from_options(records="videoList", text="video_detail.content", title="video_title", date="pub_date",
                     id="video_id", url="video_url")
    mapped = _split(list(iter_records([XWLB_DAY], mapping=m)))[0]
    auto = _split(list(iter_records([XWLB_DAY])))[0]
    assert [(r.raw_text, r.pub_date, r.record_id, r.url) for r in mapped] == \
           [(r.raw_text, r.pub_date, r.record_id, r.url) for r in auto]
    # a part left out falls back to the common key names; a wrong path is named in the rejection
    only_text = from_options(records="videoList", text="video_detail.body")
    with pytest.raises(ReadoutError) as exc:
        read_path(XWLB_DAY, mapping=only_text)
    assert exc.value.code == "E011" and "video_detail.body" in str(exc.value)


def _layout_no_profile_knows() -> str:
    rows = [{"meta": {"headline": f"第{i}条新闻", "issued": f"2021-06-0{i}"},
             "detail": {"body_html": f"<p>第{i}条新闻的正文，介绍某地推进乡村振兴的做法。</p>"}, "link": f"https://example.org/{i}"}
            for i in (1, 2)]
    return json.dumps({"status": "ok", "payload": {"rows": rows}}, ensure_ascii=False)


def test_unknown_layout_error_names_the_fields_it_saw_and_a_mapping_reads_it(tmp_path: Path) -> None:
    f = tmp_path / "feed.json"
    f.write_text(_layout_no_profile_knows(), encoding="utf-8")
    with pytest.raises(ReadoutError) as exc:
        read_path(f)
    msg = str(exc.value)
    assert exc.value.code == "E011"
    assert "payload.rows[].detail.body_html" in msg and "payload.rows[].meta.headline" in msg and "--records" in msg
    m = from_options(records="payload.rows", text="detail.body_html", title="meta.headline", date="meta.issued",
                     url="link")
    recs = read_path(f, mapping=m)
    assert [(r.title, r.pub_date, r.url) for r in recs] == [
        ("第1条新闻", "2021-06-01", "https://example.org/1"), ("第2条新闻", "2021-06-02", "https://example.org/2")]
    assert clean(recs[0]).text == "第1条新闻\n第1条新闻的正文，介绍某地推进乡村振兴的做法。"


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_profile_files(tmp_path: Path, suffix: str) -> None:
    spec = {"name": "feed", "records": "payload.rows", "text": ["detail.text", "detail.body_html"],
            "title": "meta.headline", "date": "meta.issued", "url": "link"}
    prof = tmp_path / f"feed{suffix}"
    if suffix == ".json":
        prof.write_text(json.dumps(spec), encoding="utf-8")
    else:
        prof.write_text("\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in spec.items()), "utf-8")
    m = load_profile(prof)
    assert m.name == "feed" and m.text == ("detail.text", "detail.body_html")
    recs = records_from_text(_layout_no_profile_knows(), "feed.json", mapping=m)
    assert [r.title for r in recs] == ["第1条新闻", "第2条新闻"]


def test_bad_profiles_are_coded_errors(tmp_path: Path) -> None:
    assert load_profile("xwlb") is PROFILES["xwlb"]
    bad = tmp_path / "bad.toml"
    for body, words in (('text = "a"\ntexts = "b"', "texts"), ('title = "t"', "needs at least `text`"),
                        ("text = [1, 2]", "dotted path"), ("text = ", "")):
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(ReadoutError) as exc:
            load_profile(bad)
        assert exc.value.code == "E013" and words in str(exc.value)
    with pytest.raises(ReadoutError) as exc:
        load_profile(tmp_path / "missing.toml")
    assert exc.value.code == "E013" and "xwlb" in str(exc.value)


def test_cli_takes_a_mapping_and_refuses_a_bad_profile(tmp_path: Path) -> None:
    f = tmp_path / "feed.json"
    f.write_text(_layout_no_profile_knows(), encoding="utf-8")
    r = CliRunner().invoke(main, ["read", str(f), "--format", "jsonl", "--records", "payload.rows",
                                  "--text", "detail.body_html", "--title", "meta.headline", "--url", "link"])
    assert r.exit_code == 0, r.output
    docs = [json.loads(line) for line in r.output.splitlines()]
    assert [(d["title"], d["url"]) for d in docs] == [("第1条新闻", "https://example.org/1"),
                                                     ("第2条新闻", "https://example.org/2")]
    r = CliRunner().invoke(main, ["read", str(f), "--profile", str(tmp_path / "nope.toml")])
    assert r.exit_code != 0 and "E013" in r.output and "record mapping" in r.output


def test_cctv_news_markdown_early_layout_splits_into_stories() -> None:
    recs, rejected = _split(list(iter_records([MD_EARLY])))
    assert not rejected
    text = MD_EARLY.read_text(encoding="utf-8")
    assert len(recs) == text.count("\n### ") == 5  # the summary list is no story
    assert {(r.pub_date, r.pub_date_origin) for r in recs} == {("2022-01-05", "metadata")}
    assert [r.title for r in recs][:2] == ["天津召开市委常委会会议 传达学习全国冬季运动工作会议精神",
                                          "【央视快评】以奋斗姿态开启新征程"]
    assert all(r.url and r.url.endswith(f"/{r.record_id}.shtml") and r.record_id.startswith("VIDE") for r in recs)
    for r in recs:
        c = clean(r)
        verify_offsets(r.raw_text, c)
        assert "repaste" not in c.text and "查看原文" not in c.text and "更新时间" not in c.text
    assert clean(recs[-1]).text.endswith("确保居民温暖过冬。")  # the closing rule and stamp are not the last story's


def test_cctv_news_markdown_later_layout_reports_the_placeholder_story() -> None:
    items = list(iter_records([MD_LATE]))
    recs, rejected = _split(items)
    assert [r.source.rsplit("#", 1)[1] for r in recs] == ["1", "3"]
    (rej,) = rejected
    assert rej.code == "E012" and "CONTENT NOTFOUND" in rej.message and rej.source.endswith("#2")
    assert {r.pub_date for r in recs} == {"2023-03-10"}


@pytest.mark.parametrize(("title", "clean_form"), [
    ("[视频]《求是》杂志发表重要文章", "《求是》杂志发表重要文章"),
    ("[视频]【央视快评】以奋斗姿态开启新征程", "【央视快评】以奋斗姿态开启新征程"),
    ("［组图］【视频】走基层", "走基层"),
    ("[标题][新闻1+1] 新闻", "新闻"),
    ("[视频]", "[视频]"),
    ("[2022]年度回顾", "[2022]年度回顾"),
    ("普通标题", "普通标题"),
])
def test_clean_title_drops_broadcaster_labels(title: str, clean_form: str) -> None:
    assert clean_title(title) == clean_form
    assert title.endswith(clean_form)
