"""Format detection and splitting: text, JSON / JSON Lines, markdown stories, archives, folders."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from readout.clean import clean, verify_offsets
from readout.errors import ReadoutError
from readout.ingest import RawRecord, iter_records, read_path, records_from_bytes, records_from_text
from readout.model import Rejected

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"dev corpus not found at {DEV}")

STORY_A = "第一条新闻标题\n\n第一条新闻正文，内容很长。\n第二段。"
STORY_B = "第二条新闻标题\n\n第二条新闻正文。"


def _texts(records: list[RawRecord]) -> list[str]:
    out = []
    for r in records:
        c = clean(r)
        verify_offsets(r.raw_text, c)
        out.append(c.text)
    return out


def test_plain_text_title_starting_with_bracket_is_not_json() -> None:
    rec = records_from_text("[视频]【科学发展 成就辉煌】中原实验\n\n正文。")[0]
    assert rec.format == "text"
    assert clean(rec).title == "[视频]【科学发展成就辉煌】中原实验"


def test_json_list_with_fields() -> None:
    rows = [
        {"title": "第一条新闻标题", "content": "第一条新闻正文，内容很长。\n第二段。", "pub_date": "2021-03-05"},
        {"headline": "第二条新闻标题", "body": "<p>第二条新闻正文。</p><p>再一段&amp;。</p>", "date": "2021年3月6日"},
    ]
    recs = records_from_bytes(json.dumps(rows, ensure_ascii=False).encode(), "batch_20200101.json")
    assert [r.source for r in recs] == ["batch_20200101.json#1", "batch_20200101.json#2"]
    assert [r.format for r in recs] == ["json", "json"]
    assert [(r.pub_date, r.pub_date_origin) for r in recs] == [("2021-03-05", "metadata"), ("2021-03-06", "metadata")]
    assert [r.title for r in recs] == ["第一条新闻标题", "第二条新闻标题"]
    assert recs[1].markup == "html"
    assert _texts(recs) == ["第一条新闻标题\n第一条新闻正文，内容很长。\n第二段。", "第二条新闻标题\n第二条新闻正文。\n再一段&。"]
    assert recs[0].raw_bytes != recs[1].raw_bytes  # distinct document ids


def test_json_wrapped_list_and_single_object() -> None:
    wrapped = {"data": [{"title": "甲标题", "text": "甲正文。"}, {"title": "乙标题", "text": "乙正文。"}]}
    assert len(records_from_text(json.dumps(wrapped, ensure_ascii=False))) == 2
    single = records_from_bytes(json.dumps({"title": "标题", "text": "正文。"}).encode(), "one.json")
    assert [r.source for r in single] == ["one.json"]
    assert _texts(single) == ["标题\n正文。"]


def test_jsonl_bad_line_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    lines = [json.dumps({"title": "甲", "text": "甲正文。"}), "{not json", json.dumps({"title": "乙", "text": "乙正文。"})]
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ReadoutError) as exc:
        read_path(f)
    assert exc.value.code == "E006"
    items = list(iter_records([f]))
    assert [type(i).__name__ for i in items] == ["RawRecord", "Rejected", "RawRecord"]
    assert items[1].code == "E006"
    assert [clean(i).title for i in items if isinstance(i, RawRecord)] == ["甲", "乙"]


def test_json_errors() -> None:
    with pytest.raises(ReadoutError) as exc:
        records_from_bytes(b'{"title": "x", ', "broken.json")
    assert exc.value.code == "E006"
    with pytest.raises(ReadoutError) as exc:
        records_from_bytes(b'{"title": "only a title"}', "notext.json")
    assert exc.value.code == "E011"  # not "malformed": the JSON is fine, it holds no story text
    assert "saw title" in str(exc.value)


def test_markdown_one_record_per_story(tmp_path: Path) -> None:
    md = (
        "# 新闻联播 2024年1月10日\n\n## 本期内容\n\n"
        "### 第一条新闻标题\n\n第一条新闻正文，内容很长。\n第二段。\n\n"
        "### 第二条新闻标题\n\n**央视网消息**：第二条新闻正文。\n\n"
        "## 国内联播快讯\n\n快讯内容不属于上一条。\n"
    )
    f = tmp_path / "xwlb.md"
    f.write_text(md, encoding="utf-8")
    recs = read_path(f)
    assert [r.source for r in recs] == [f"{f}#1", f"{f}#2"]
    assert {r.format for r in recs} == {"markdown"}
    assert [r.title for r in recs] == ["第一条新闻标题", "第二条新闻标题"]
    assert {(r.pub_date, r.pub_date_origin) for r in recs} == {("2024-01-10", "metadata")}
    texts = _texts(recs)
    assert texts == ["第一条新闻标题\n第一条新闻正文，内容很长。\n第二段。", "第二条新闻标题\n央视网消息：第二条新闻正文。"]


@needs_dev
def test_markdown_programme_built_from_dev_stories(tmp_path: Path) -> None:
    files = sorted(DEV.glob("xwlb_2023*.txt"))[:3]
    parts = []
    for p in files:
        title, body = p.read_text(encoding="utf-8").split("\n", 1)
        parts.append(f"### {title}\n{body}")
    f = tmp_path / "programme.txt"  # no .md extension: detected from the ### headings
    f.write_text("\n\n".join(parts), encoding="utf-8")
    recs = read_path(f)
    assert len(recs) == len(files)
    for rec, p in zip(recs, files):
        assert clean(rec).text == clean(read_path(p)[0]).text


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_archive_members(tmp_path: Path) -> None:
    members = {
        "a/xwlb_20190125_01.txt": STORY_A.encode(),
        "b.txt": STORY_B.encode("gb18030"),
        ".hidden.txt": b"skip me",
        "__MACOSX/._b.txt": b"\x00\x05junk",
        "pic.png": b"\x89PNG\r\n\x1a\n\x00\x00",
    }
    f = tmp_path / "batch.zip"
    f.write_bytes(_zip_bytes(members))
    items = list(iter_records([f]))
    sources = [i.source for i in items]
    assert sources == [f"{f}!a/xwlb_20190125_01.txt", f"{f}!b.txt", f"{f}!pic.png"]
    assert isinstance(items[2], Rejected) and items[2].code == "E004"
    assert items[0].pub_date == "2019-01-25" and items[0].pub_date_origin == "filename"
    assert _texts(items[:2]) == [clean(records_from_text(STORY_A)[0]).text, clean(records_from_text(STORY_B)[0]).text]


def test_tar_gz_archive_and_records_from_bytes(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, data in {"one.txt": STORY_A.encode(), "sub/two.md": "### 甲\n正文甲。\n### 乙\n正文乙。".encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    recs = records_from_bytes(buf.getvalue(), "pack.tar.gz")
    assert [r.source for r in recs] == ["pack.tar.gz!one.txt", "pack.tar.gz!sub/two.md#1", "pack.tar.gz!sub/two.md#2"]
    assert _texts(recs)[1:] == ["甲\n正文甲。", "乙\n正文乙。"]


@pytest.mark.parametrize(("suffix", "compress"), [(".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress)])
def test_single_compressed_file(suffix: str, compress: Callable[[bytes], bytes], tmp_path: Path) -> None:
    """A day's JSON Lines compressed on its own (xwlb.jsonl.xz): one member, named without the suffix."""
    lines = "\n".join(json.dumps({"title": t, "text": f"{t}正文。"}, ensure_ascii=False) for t in ("甲", "乙"))
    recs = records_from_bytes(compress(lines.encode()), f"day{suffix}")
    assert [r.source for r in recs] == ["day" + suffix + "!day#1", "day" + suffix + "!day#2"]
    assert _texts(recs) == ["甲\n甲正文。", "乙\n乙正文。"]
    (tmp_path / f"cut{suffix}").write_bytes(compress(lines.encode())[:-8])
    broken = list(iter_records([tmp_path / f"cut{suffix}"]))
    assert isinstance(broken[-1], Rejected) and broken[-1].code == "E010" and "damaged" in broken[-1].message


def test_folder_walk_recursive_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b.txt").write_text(STORY_B, encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "a.txt").write_text(STORY_A, encoding="utf-8")
    (tmp_path / ".notes.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("hidden", encoding="utf-8")
    items = list(iter_records([tmp_path]))
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in items] == ["b.txt", "sub/deeper/a.txt"]


def test_stdin() -> None:
    items = list(iter_records(["-"], stdin=io.BytesIO(STORY_A.encode("utf-16"))))
    assert len(items) == 1 and items[0].source == "<stdin>" and items[0].encoding.startswith("utf-16")
    assert clean(items[0]).title == "第一条新闻标题"
