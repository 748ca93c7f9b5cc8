"""Reuse families on short reports written for these tests: every expected family is counted by hand.

- ``PHRASE`` (a 20-character formula) is in reports 1–6, each from a different province;
- ``PARA`` (a 60-character paragraph holding ``PHRASE``) is copied into reports 1 and 2 only;
- every report opens with the broadcaster's lead-in, and reports 7 and 8 share nothing else.
"""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest
from click.testing import CliRunner
from handmade import Hand, store

from readout.analyze.families import families, stored_families, stored_members
from readout.analyze.materialise import analyze, fresh
from readout.cli import main

LEAD = "央视网消息（新闻联播）："
PHRASE = "坚持以人民为中心的发展思想推动高质量发展"
PARA = f"各级党委要提高政治站位，{PHRASE}，把各项工作落到实处，让人民群众有更多获得感幸福感安全感。"
PROVINCES = [("天津市", "120000", "天津"), ("吉林省", "220000", "吉林"), ("江苏省", "320000", "江苏"),
             ("安徽省", "340000", "安徽"), ("山东省", "370000", "山东"), ("湖南省", "430000", "湖南"),
             ("四川省", "510000", "四川"), ("青海省", "630000", "青海")]
FILLER = ["今天召开座谈会，交流经验做法。", "他们走进田间地头查看庄稼长势。", "这里的工厂正在加紧生产订单。",
          "学校开学第一课讲述英雄故事。", "志愿者为老人送去了过冬物资。", "边防战士在雪山上巡逻执勤。",
          "渔民驾船出海开始秋季捕捞作业。", "科研人员在实验室里调试仪器。"]


def report(k: int) -> Hand:
    name, code, short = PROVINCES[k]
    body = f"{short}消息。{FILLER[k]}"
    if k < 2:
        body += PARA
    elif k < 6:
        body += f"{('会议要求', '他强调', '文件提出', '报告指出')[k - 2]}{PHRASE}。"
    h = Hand(f"{short}新闻{k}\n{LEAD}{body}\n", pub_date=f"2019-09-{10 + k:02d}")
    h.section(f"{LEAD}", body[-6:], (name, code, short))
    return h


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory):
    return store(tmp_path_factory.mktemp("families") / "fam.db", *(report(k).document() for k in range(8)))


def _by_text(res, needle: str):  # noqa: ANN001, ANN202
    return [f for f in res.families if needle in f.text]


def test_families_by_hand(db) -> None:
    res = families(db, method="exact", members=True)
    para = [f for f in res.families if f.length > len(PHRASE) + 10]
    assert len(para) == 1 and para[0].documents == 2 and para[0].passages == 1
    assert PHRASE in para[0].text
    phrase = [f for f in res.families if f is not para[0] and PHRASE in f.text]
    assert len(phrase) == 1
    f = phrase[0]
    # 1 and 2 carry it inside the paragraph: its own place there, not the paragraph's
    assert (f.documents, f.places, f.regions, f.dates) == (6, 6, 6, 6)
    assert (f.first_seen, f.last_seen) == ("2019-09-10", "2019-09-15")
    # every pair of the six but (1, 2), whose one passage is the whole paragraph
    assert f.passages == 15 - 1
    texts = {k: report(k).text for k in range(8)}
    by_id = {report(k).document().id: texts[k] for k in range(8)}
    for m in f.members:
        assert PHRASE in by_id[m.document_id][m.start:m.end]
    assert len(res.families) == 2  # one row per family, not one per pair (16 pairs)


def test_families_lead_in_is_stoplisted_but_ratios_count_it(db) -> None:
    res = families(db, method="exact")
    assert not any(LEAD in f.text for f in res.families)
    assert res.stoplisted > 0
    # reports 7 and 8 share only the lead-in (and the title line's nothing): no family, but copy ratio > 0
    ids = {report(k).document().id for k in (6, 7)}
    ratios = {d.document_id: d for d in res.ratios.documents}
    assert all(ratios[i].shared_chars >= len(LEAD) for i in ids)
    assert not any(m.document_id in ids for f in families(db, method="exact", members=True).families for m in f.members)


def test_families_grow_with_families_not_pairs(tmp_path) -> None:
    docs = []
    for k in range(30):
        h = Hand(f"报道{k}\n第{k}号报道说，{PHRASE}，各地都在落实。编号{k * 7919}。\n", pub_date="2019-10-01")
        docs.append(h.document())
    res = families(store(tmp_path / "many.db", *docs), method="exact")
    assert res.passages >= 30 * 29 // 2
    assert len([f for f in res.families if PHRASE in f.text]) == 1
    assert len(res.families) <= 2


def test_families_stored_equal_computed_and_fresh_tracks_the_corpus(tmp_path) -> None:
    db = store(tmp_path / "s.db", *(report(k).document() for k in range(8)))
    computed = families(db)
    (rep,) = analyze(db, only=("reuse",))
    assert rep.name == "reuse" and rep.rows == len(computed.families)
    conn = sqlite3.connect(db)
    try:
        assert fresh(conn, "reuse", {"min_len": 10})
        assert [f.to_dict() for f in stored_families(conn, limit=0)] == [f.to_dict() for f in computed.families]
        fam, members = stored_members(conn, 1)
        assert fam is not None and len(members) == fam.places
        assert conn.execute("SELECT count(*) FROM reuse_ratios WHERE level = 'document'").fetchone()[0] == 8
    finally:
        conn.close()
    from readout.store import Store

    with Store.open(db) as st:
        st.add(Hand("新来的报道\n内容全新，与众不同。\n").document())
        assert not fresh(st.conn, "reuse")  # the corpus grew: the stored families no longer cover it


def test_cli_reuse_families_table_cuts_long_text(db) -> None:
    res = CliRunner().invoke(main, ["reuse", "--families", "--db", str(db)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "documents", "regions"]
    assert len(lines) == 3 and any(line.rstrip().endswith("…") for line in lines[1:])
    out = CliRunner().invoke(main, ["reuse", "--family", "1", "--db", str(db), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))  # the most widespread first: the formula, in six
    assert len(rows) == 6 and all(PHRASE in r["text"] and "?mark=" in r["url"] for r in rows)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    bad = CliRunner().invoke(main, ["reuse", "--family", "99", "--db", str(db)])
    assert bad.exit_code != 0 and "no reuse family 99" in bad.output
