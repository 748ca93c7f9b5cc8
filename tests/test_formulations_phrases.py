"""build_phrases.py on a tiny archive written here: day counts, names, exclusions, attestation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readout.data import build_phrases


def _day(root: Path, day: str, *stories: str) -> None:
    path = root / "assets" / day[:4] / f"{day}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    items = [{"video_detail": {"content": f"<p>{s}</p>"}} for s in stories]
    path.write_text(json.dumps({"videoList": items}, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "xwlb"
    _day(root, "20190105", "会议要求增强“四个意识”。", "他被授予“最美家庭”荣誉称号。")
    _day(root, "20200301", "增强“四个意识”，坚决做到“两个维护”。", "学习“最美家庭”事迹。")
    _day(root, "20210707", "牢固树立“四个意识”。", "“最美家庭”称号授予他。")
    _day(root, "20220808", "“四个意识”“最美家庭”")  # an evaluation day: excluded below
    (root / "assets" / "2022" / "20220809.json").write_text("", encoding="utf-8")  # an empty day is skipped
    return root


def test_counts_days_years_and_names_without_excluded_days(archive: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    listing = tmp_path / "INDEX.jsonl"
    listing.write_text(json.dumps({"path": "assets/2022/20220808.json"}) + "\n", encoding="utf-8")
    build_phrases.main([str(archive), "--exclude", str(listing), "--min-days", "2"])
    out = capsys.readouterr().out
    assert "3 broadcast days read, 1 days excluded" in out
    body = [ln.split("\t") for ln in out.splitlines() if ln and not ln.startswith(("#", "phrase\t"))]
    rows = {cells[0]: cells[1:] for cells in body}
    assert rows == {"四个意识": ["3", "3", "0"], "最美家庭": ["3", "3", "2"]}  # 两个维护: one day only


def test_attest_fills_the_lexicon_column(archive: Path, tmp_path: Path) -> None:
    lexicon = tmp_path / "formulations.tsv"
    lexicon.write_text(
        "# c\nvalue\taliases\tfirst_year\tsource\tcategory\tattested\n"
        "四个意识\t\t2016\t中央政治局会议 2016\tpolitical_loyalty\t\n"
        "两个维护\t坚决做到两个维护\t2018\t十九届二中全会 2018\tpolitical_loyalty\t9\n",
        encoding="utf-8",
    )
    build_phrases.main([str(archive), "--attest", str(lexicon)])
    rows = [ln.split("\t") for ln in lexicon.read_text(encoding="utf-8").splitlines()[2:]]
    assert [(r[0], r[5]) for r in rows] == [("四个意识", "4"), ("两个维护", "1")]
