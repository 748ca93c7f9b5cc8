"""The validation sets: the dev split, gold fingerprints, the archive texts rebuilt, and
``readout eval`` reporting tuning and validation side by side (on small corpora built here)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from readout.cli import evaluate as command
from readout.cli import main
from readout.evaluate import reading
from readout.evaluate.reading import prediction_from_documents
from readout.evaluate.validation import (
    fingerprint,
    load_split,
    rebuild_archive_texts,
    split_rows,
    story_text,
)


def _rows(*files):
    return [{"file": f, "officials": [{"name": "李强", "posts": ["国务院总理"], "political": True}],
             "events": [], "formulations": []} for f in files]


def _split(tmp_path, tuning, validation):
    path = tmp_path / "split.json"
    path.write_text(json.dumps({"seed": 1, "rule": "test", "tuning": tuning, "validation": validation}),
                    encoding="utf-8")
    return path


# ---------------------------------------------------------------- split and fingerprint


def test_split_parts_and_rows(tmp_path):
    split = load_split(_split(tmp_path, ["a.txt", "b.txt"], ["c.txt"]))
    assert split.part_of("c.txt") == "validation" and split.part_of("z.txt") is None
    assert split.covers(["a.txt", "c.txt"]) and not split.covers(["a.txt", "z.txt"])
    parts = split_rows(_rows("c.txt", "z.txt", "a.txt"), split)
    assert [r["file"] for r in parts["tuning"]] == ["a.txt"]
    assert [r["file"] for r in parts["validation"]] == ["c.txt"]


def test_split_refuses_a_file_in_both_parts(tmp_path):
    with pytest.raises(ValueError, match="both"):
        load_split(_split(tmp_path, ["a.txt"], ["a.txt"]))


def test_fingerprint_ignores_order_and_key_order_but_not_labels():
    a, b = _rows("a.txt", "b.txt")
    assert fingerprint([a, b]) == fingerprint([b, dict(reversed(list(a.items())))])
    changed = {**a, "officials": [{"name": "李强", "posts": ["总理"], "political": True}]}
    assert fingerprint([changed, b]) != fingerprint([a, b])


# ---------------------------------------------------------------- the archive texts


def _archive(tmp_path):
    """A two-story day file in the archive's format (written here, not from the archive)."""
    day = {"videoList": [
        {"num": 1, "video_title": " 标题一 ", "video_detail": {"content": "<p>第一段&amp;。</p><p> </p><p>第二段。</p>"}},
        {"num": 2, "video_title": "标题二", "video_detail": {"content": "甲。<br/>乙。"}},
    ]}
    root = tmp_path / "xwlb"
    (root / "assets" / "2020").mkdir(parents=True)
    (root / "assets" / "2020" / "20200101.json").write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    index = tmp_path / "index.jsonl"
    index.write_text(json.dumps({"file": "val_xwlb_20200101_02.txt", "path": "assets/2020/20200101.json",
                                 "item_num": 2}) + "\n", encoding="utf-8")
    gold = tmp_path / "labels.jsonl"
    gold.write_text(json.dumps({"file": "val_xwlb_20200101_02.txt", "officials": [], "events": [],
                                "formulations": [], "speakers": []}) + "\n", encoding="utf-8")
    return root, index, gold


def test_story_text_one_paragraph_a_line():
    assert story_text("<p>第一段&amp;。</p><p> </p><p>第二段。</p>") == "第一段&。\n第二段。"


def test_rebuild_archive_texts(tmp_path):
    root, index, gold = _archive(tmp_path)
    out = tmp_path / "out"
    (path,) = rebuild_archive_texts(root, out, index=index, gold=gold)
    assert path.read_text(encoding="utf-8") == "标题二\n\n甲。\n乙。\n"
    assert (out / "gold.jsonl").read_bytes() == gold.read_bytes()
    assert json.loads((out / "INDEX.jsonl").read_text(encoding="utf-8"))["item_num"] == 2


def test_rebuild_names_what_the_archive_lacks(tmp_path):
    root, index, gold = _archive(tmp_path)
    index.write_text(json.dumps({"file": "x.txt", "path": "assets/2020/20200101.json", "item_num": 9}) + "\n",
                     encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="x.txt"):
        rebuild_archive_texts(root, tmp_path / "out", index=index, gold=gold)
    index.write_text(json.dumps({"file": "y.txt", "path": "assets/2021/20210101.json", "item_num": 1}) + "\n",
                     encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="y.txt"):
        rebuild_archive_texts(root, tmp_path / "out", index=index, gold=gold)


# ---------------------------------------------------------------- readout eval with parts


class _Doc:
    def __init__(self, **kw):
        self.text = "x" * 10
        self.officials, self.events, self.formulations, self.statements = [], [], [], []
        self.__dict__.update(kw)


def test_prediction_carries_speakers_and_leaders():
    from readout.model import Attendee, Event, Span, Statement

    ev = Event(0, 1, "x", "2020-01-01", None, "meeting", None, None, officials=[Attendee("李强", ["总理"], 0, 2, "李强")])
    st = Statement(0, 1, "x", "李强", Span(0, 1, "说"), Span(0, 2, "李强"))
    pred = prediction_from_documents([_Doc(events=[ev], statements=[st])])
    assert pred.speakers == ["李强"] and pred.events[0].leader == "李强"


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    """Two articles, one per part; readout 'finds' the official in the tuning one only."""
    from readout.model import Official

    rows = _rows("t.txt", "v.txt")
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                         encoding="utf-8")
    for r in rows:
        (tmp_path / r["file"]).write_text("x", encoding="utf-8")

    def read(path):
        return [_Doc(officials=[Official("李强", ["国务院总理"], True)] if path.name == "t.txt" else [])]

    monkeypatch.setattr(reading, "default_read", read)
    return tmp_path, _split(tmp_path, ["t.txt"], ["v.txt"])


def _run(*args):
    return CliRunner().invoke(main, ["eval", *(str(a) for a in args)])


def test_cli_reports_parts_side_by_side(corpus):
    folder, split = corpus
    res = _run(folder / "gold.jsonl", folder, "--split", split)
    assert res.exit_code == 0, res.output
    assert "tuning (1 files)" in res.output and "validation (1 files)" in res.output
    data = json.loads(_run(folder / "gold.jsonl", folder, "--split", split, "--format", "json").output)
    assert data["parts"]["tuning"]["officials"]["f1"] == 1.0
    assert data["parts"]["validation"]["officials"]["f1"] == 0.0


def test_cli_part_selects_and_errors_withhold_validation(corpus):
    folder, split = corpus
    data = json.loads(_run(folder / "gold.jsonl", folder, "--split", split, "--part", "validation", "--format", "json").output)
    assert data["n_files"] == 1 and data["totals"]["officials"]["fn"] == 1
    res = _run(folder / "gold.jsonl", folder, "--split", split, "--errors")
    assert "withheld" in res.output and "李强|国务院总理" not in res.output
    res = _run(folder / "gold.jsonl", folder, "--split", split, "--errors", "--part", "validation")
    assert "李强|国务院总理" in res.output


@pytest.mark.parametrize("args, code", [
    (["GOLD"], "E501"),
    ([], "E501"),
    (["GOLD", "DIR", "--xwlb", "DIR"], "E501"),
    (["GOLD", "DIR", "--part", "tuning"], "E504"),
])
def test_cli_bad_invocations_one_coded_line(corpus, args, code):
    folder, _ = corpus
    args = [folder / "gold.jsonl" if a == "GOLD" else folder if a == "DIR" else a for a in args]
    res = _run(*args)
    assert res.exit_code == 1 and f"[{code}]" in res.output and "Traceback" not in res.output


def test_cli_scores_the_archive_set(tmp_path, monkeypatch):
    root, index, gold = _archive(tmp_path)
    monkeypatch.setattr(command, "ARCHIVE_INDEX", index)
    monkeypatch.setattr(command, "ARCHIVE_GOLD", gold)
    monkeypatch.setattr(reading, "default_read", lambda path: [_Doc()])
    data = json.loads(_run("--xwlb", root, "--format", "json").output)
    assert data["n_files"] == 1 and "speakers" in data["totals"]
    assert "[E502]" in _run("--xwlb", tmp_path).output  # a folder that is not a copy of the archive
    monkeypatch.setattr(command, "ARCHIVE_GOLD", tmp_path / "absent.jsonl")
    assert "[E503]" in _run("--xwlb", root).output
