"""`readout read`: tables for people, JSON for programs, one-line errors that name the file."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import SEED

from readout.cli import main


def test_cli_read_table_shows_the_ten_events():
    res = CliRunner().invoke(main, ["read", str(SEED)])
    assert res.exit_code == 0, res.output
    for name in ("李鸿忠", "巴音朝鲁", "石泰峰", "宁夏回族自治区"):
        assert name in res.output
    assert "10 event(s)" in res.output


def test_cli_read_jsonl_is_the_contract():
    res = CliRunner().invoke(main, ["read", str(SEED), "--format", "jsonl"])
    assert res.exit_code == 0
    (line,) = res.output.strip().splitlines()
    d = json.loads(line)
    assert d["format_version"] == "1.0" and d["source"] == str(SEED)
    assert len(d["events"]) == 10
    ev = d["events"][0]
    assert ev["region"] == {"name": "天津市", "code": "120000", "text": "天津", "start": ev["region"]["start"], "end": ev["region"]["end"]}
    assert d["text"][ev["region"]["start"]:ev["region"]["end"]] == "天津"


def test_cli_read_bad_inputs_name_the_file_and_the_rest_is_read(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    missing = tmp_path / "missing.txt"
    res = CliRunner().invoke(main, ["read", str(missing), str(empty), str(binary), str(SEED), "--format", "jsonl"])
    assert res.exit_code == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 3
    assert any(str(missing) in e and "E001" in e for e in errors)
    assert any(str(empty) in e and "E002" in e for e in errors)
    assert any(str(binary) in e and "E004" in e for e in errors)
    docs = [json.loads(x) for x in res.stdout.strip().splitlines()]
    assert len(docs) == 1 and len(docs[0]["events"]) == 10


def test_cli_read_stdin_and_pub_date():
    text = "标题\n今天上午，天津召开会议。市委书记李鸿忠出席会议并讲话。"
    res = CliRunner().invoke(main, ["read", "-", "--format", "jsonl", "--pub-date", "2019-09-09"], input=text.encode())
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["pub_date"] == "2019-09-09"
    assert [(e["date"], e["region"]["name"], e["leader"]) for e in d["events"]] == [("2019-09-09", "天津市", "李鸿忠")]


def test_cli_read_rejects_a_bad_pub_date():
    res = CliRunner().invoke(main, ["read", str(SEED), "--pub-date", "2019-13-45"])
    assert res.exit_code == 2
    assert "YYYY-MM-DD" in res.output
