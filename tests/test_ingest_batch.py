"""Bad inputs get the right error code and never stop a batch; publication-date precedence."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from readout.errors import ReadoutError
from readout.ingest import (
    RawRecord,
    date_from_filename,
    iter_records,
    read_path,
    records_from_bytes,
    records_from_text,
    validate_pub_date,
)
from readout.model import Rejected

GOOD = "新闻标题\n\n正文第一段。".encode()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E002"),
        (b"  \n\r\n\t ", "E002"),
        ("\ufeff\n".encode(), "E002"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E004"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "E004"),
        (b"abc\x00\x00\x00\x01\x02def" * 20, "E004"),
        (b"\x81\xff" * 50, "E003"),
        (bytes(range(0x80, 0x100)) * 3, "E003"),
    ],
)
def test_bad_bytes(data: bytes, code: str) -> None:
    with pytest.raises(ReadoutError) as exc:
        records_from_bytes(data, "x.txt")
    assert exc.value.code == code


def test_too_large() -> None:
    with pytest.raises(ReadoutError) as exc:
        records_from_bytes(GOOD, "x.txt", max_bytes=10)
    assert exc.value.code == "E005"
    assert records_from_bytes(GOOD, "x.txt", max_bytes=len(GOOD))


def test_missing_file() -> None:
    with pytest.raises(ReadoutError) as exc:
        read_path("/nonexistent/dir/x.txt")
    assert exc.value.code == "E001"


def test_batch_goes_on_after_bad_files(tmp_path: Path) -> None:
    files = {
        "01_good.txt": GOOD,
        "02_empty.txt": b"",
        "03_image.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        "04_bad.txt": b"\x81\xff" * 50,
        "05_huge.txt": GOOD * 100,
        "06_good.txt": GOOD,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    items = list(iter_records([tmp_path, tmp_path / "missing.txt"], max_bytes=len(GOOD) * 10))
    got = [(Path(i.source).name, i.code if isinstance(i, Rejected) else "ok") for i in items]
    assert got == [
        ("01_good.txt", "ok"),
        ("02_empty.txt", "E002"),
        ("03_image.jpg", "E004"),
        ("04_bad.txt", "E003"),
        ("05_huge.txt", "E005"),
        ("06_good.txt", "ok"),
        ("missing.txt", "E001"),
    ]
    assert all(isinstance(i, RawRecord) for i in items if not isinstance(i, Rejected))
    assert all(i.message for i in items if isinstance(i, Rejected))


def test_invalid_pub_date_argument() -> None:
    for bad in ("2019-13-01", "yesterday", "2019-02-30", ""):
        with pytest.raises(ReadoutError) as exc:
            records_from_text("标题\n正文。", pub_date=bad)
        assert exc.value.code == "E009"
    with pytest.raises(ReadoutError) as exc:
        list(iter_records([], pub_date="20191"))
    assert exc.value.code == "E009"
    assert validate_pub_date("2019/9/9") == "2019-09-09"
    assert validate_pub_date("20190909") == "2019-09-09"


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("xwlb_20190125_01.txt", "2019-01-25"),
        ("2022-10-28-foo.html", "2022-10-28"),
        ("pages_tianjin_20170510_x.txt", "2017-05-10"),
        ("/data/2019-09/roundup.txt", None),  # folders do not count
        ("pages_tianjin_201701_zangxianfu.txt", None),
        ("x_20190230.txt", None),  # not a date
        ("a.zip!sub/xwlb_20200101_02.txt", "2020-01-01"),
        ("day_20240110.md#3", "2024-01-10"),
    ],
)
def test_date_from_filename(name: str, date: str | None) -> None:
    assert date_from_filename(name) == date


def test_pub_date_precedence() -> None:
    page = (
        '<html><head><title>标题</title><meta property="article:published_time" content="2022-10-27T08:00:00+08:00">'
        "</head><body><p>正文第一段，内容足够长足够长足够长。</p></body></html>"
    ).encode()
    rec = records_from_bytes(page, "2022-10-28-foo.html", pub_date="2022-10-29")[0]
    assert (rec.pub_date, rec.pub_date_origin) == ("2022-10-27", "metadata")
    row = json.dumps({"title": "t", "text": "正文。", "date": "2020-05-01"}).encode()
    rec = records_from_bytes(row, "x_20200502.json", pub_date="2020-05-03")[0]
    assert (rec.pub_date, rec.pub_date_origin) == ("2020-05-01", "metadata")
    rec = records_from_bytes(GOOD, "xwlb_20200502_01.txt", pub_date="2020-05-03")[0]
    assert (rec.pub_date, rec.pub_date_origin) == ("2020-05-02", "filename")
    rec = records_from_bytes(GOOD, "story.txt", pub_date="2020-05-03")[0]
    assert (rec.pub_date, rec.pub_date_origin) == ("2020-05-03", "argument")
    rec = records_from_bytes(GOOD, "story.txt")[0]
    assert (rec.pub_date, rec.pub_date_origin) == (None, None)
    # An unusable metadata date falls through to the next source.
    row = json.dumps({"title": "t", "text": "正文。", "date": "unknown"}).encode()
    rec = records_from_bytes(row, "x_20200502.json")[0]
    assert (rec.pub_date, rec.pub_date_origin) == ("2020-05-02", "filename")


def test_a_text_without_chinese_is_rejected_by_name_and_the_batch_goes_on(tmp_path: Path) -> None:
    """xwlb keeps placeholder files named `empty` that say "empty": no report, so a coded rejection, not a document."""
    from readout.store import ingest

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "empty").write_bytes(b"empty\n")
    (tmp_path / "a" / "english.html").write_bytes(b"<html><body><p>Only English here.</p></body></html>")
    (tmp_path / "a" / "good.txt").write_bytes(GOOD)
    rep = ingest([tmp_path / "a"], tmp_path / "s.db")
    conn = sqlite3.connect(tmp_path / "s.db")
    rejected = {Path(src).name: (code, msg) for src, code, msg in conn.execute("SELECT source, code, message FROM rejected")}
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == rep.added == 1
    conn.close()
    assert set(rejected) == {"empty", "english.html"} and {c for c, _ in rejected.values()} == {"E027"}
    assert "'empty'" in rejected["empty"][1] and "5 characters" in rejected["empty"][1]
