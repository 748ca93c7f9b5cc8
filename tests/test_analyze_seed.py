"""Echo matrix and reuse on the seed roundup, against counts made by hand from reading it.

The seed reports ten provincial meetings, one paragraph group each. Hand counts (read
from examples/2019-09-theme-education-roundup.txt, section by section):

- 往深里走、往心里走、往实里走: 天津, 吉林, 四川, 青海 — once each;
- 主题不变、标准不降、力度不减: 吉林, 黑龙江, 湖南, 四川 — once each;
- 两个维护: 吉林 once (做到“两个维护”), 山东 twice (坚决做到… / 坚定…);
- 善始善终、善作善成: 江苏, 湖南, 宁夏 — once each;
- 形式主义、官僚主义: 天津 1, 黑龙江 1, 江苏 1, 安徽 2, 山东 1, 湖南 1, 四川 1
  (青海 writes 形式主义、层层加码 and 宁夏 形式主义和官僚主义: not the phrase);
- 两手抓: 湖南 1, 四川 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import readout
from readout.analyze import echo_matrix, reuse
from readout.model import Document, Formulation, RegionRef, Section
from readout.store import Store

SEED = Path(__file__).resolve().parents[1] / "examples" / "2019-09-theme-education-roundup.txt"

# (short name as written, standard name, code, meeting date) in reading order, typed by hand.
PROVINCES = [
    ("天津", "天津市", "120000"), ("吉林", "吉林省", "220000"), ("黑龙江", "黑龙江省", "230000"),
    ("江苏", "江苏省", "320000"), ("安徽", "安徽省", "340000"), ("山东", "山东省", "370000"),
    ("湖南", "湖南省", "430000"), ("四川", "四川省", "510000"), ("青海", "青海省", "630000"),
    ("宁夏", "宁夏回族自治区", "640000"),
]

HAND = {
    "往深里走、往心里走、往实里走": {"天津市": 1, "吉林省": 1, "四川省": 1, "青海省": 1},
    "主题不变、标准不降、力度不减": {"吉林省": 1, "黑龙江省": 1, "湖南省": 1, "四川省": 1},
    "两个维护": {"吉林省": 1, "山东省": 2},
    "善始善终、善作善成": {"江苏省": 1, "湖南省": 1, "宁夏回族自治区": 1},
    "形式主义、官僚主义": {"天津市": 1, "黑龙江省": 1, "江苏省": 1, "安徽省": 2, "山东省": 1, "湖南省": 1,
                         "四川省": 1},
    "两手抓": {"湖南省": 1, "四川省": 1},
}


def hand_sectioned_seed() -> Document:
    """The seed's clean text with sections cut by hand at each “<date>，<province>召开” paragraph."""
    base = readout.read_file(SEED)[0]
    text = base.text
    starts = []
    for short, _, _ in PROVINCES:
        i = text.index(f"日，{short}召开")
        starts.append(text.rfind("\n", 0, i) + 1)
    assert starts == sorted(starts)
    sections = []
    for k, (short, name, code) in enumerate(PROVINCES):
        s = starts[k]
        e = starts[k + 1] - 1 if k + 1 < len(starts) else len(text)
        r = text.index(short, s)
        sections.append(Section(s, e, text[s:e], RegionRef(name, code, short, r, r + len(short))))
    forms = []
    for term in HAND:
        i = text.find(term)
        while i >= 0:
            forms.append(Formulation(i, i + len(term), term, term, "lexicon"))
            i = text.find(term, i + 1)
    return Document(id="hand-seed", source="hand/seed.txt", title=base.title, pub_date=None, text=text,
                    sections=sections, formulations=forms)


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("seed") / "hand.db"
    with Store.open(db) as st:
        assert st.add(hand_sectioned_seed())
    return db


@pytest.fixture(scope="module")
def pipeline_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("seed") / "pipeline.db"
    rep = readout.store.ingest([SEED], db)
    assert rep.added == 1
    return db


def _check_matrix(m) -> None:  # noqa: ANN001
    names = [n for _, n, _ in PROVINCES]
    assert m.regions == names
    for term, per_region in HAND.items():
        for region in names:
            assert m.count(region, term) == per_region.get(region, 0), (term, region)


def test_echo_matrix_terms_hand_sections(hand_db):
    _check_matrix(echo_matrix(hand_db, terms=list(HAND)))


def test_echo_matrix_from_stored_formulations(hand_db):
    m = echo_matrix(hand_db)  # the whole corpus: from the materialised tallies
    _check_matrix(m)
    # One document's matrix is counted from its rows, and its cells carry the hits' spans.
    doc = echo_matrix(hand_db, document_ids=["hand-seed"])
    _check_matrix(doc)
    text = hand_sectioned_seed().text
    assert [text[s:e] for _, s, e in doc.cells[("山东省", "两个维护")].spans] == ["两个维护", "两个维护"]


def test_echo_matrix_spans_point_at_the_term(hand_db):
    doc = hand_sectioned_seed()
    m = echo_matrix(hand_db, terms=["往深里走、往心里走、往实里走"])
    cells = [m.cells[(r, "往深里走、往心里走、往实里走")] for r in ("天津市", "吉林省", "四川省", "青海省")]
    spans = [s for c in cells for s in c.spans]
    assert len(spans) == 4
    assert all(doc.text[s:e] == "往深里走、往心里走、往实里走" for _, s, e in spans)


def test_echo_matrix_with_pipeline_sections(pipeline_db):
    """End to end: the pipeline's own sectioning gives the same hand counts."""
    _check_matrix(echo_matrix(pipeline_db, terms=list(HAND)))


def _passages_containing(res, a: str, b: str, phrase: str):  # noqa: ANN001, ANN202
    return [p for p in res.between(a, b) if phrase in p.text]


def test_reuse_shared_phrase_by_hand(hand_db):
    res = reuse(hand_db, n=8, min_len=10)
    doc = hand_sectioned_seed()
    phrase = "往深里走、往心里走、往实里走"
    four = ["天津市", "吉林省", "四川省", "青海省"]
    for i, a in enumerate(four):
        for b in four[i + 1:]:
            assert _passages_containing(res, a, b, phrase), (a, b)
    # Nobody else writes it, so no pair with a fifth province contains it.
    for p in res.passages:
        if phrase in p.text:
            assert {p.a_region, p.b_region} <= set(four)
    # Maximal passages, read off the text by hand:
    # 天津 “…持续推动学习贯彻习近平新时代中国特色社会主义思想往深里走、往心里走、往实里走。结合…”
    # 青海 “…上下功夫，推动学习贯彻习近平新时代中国特色社会主义思想往深里走、往心里走、往实里走，用…”
    tj_qh = "推动学习贯彻习近平新时代中国特色社会主义思想往深里走、往心里走、往实里走"
    assert tj_qh in [p.text for p in res.between("天津市", "青海省")]
    # 吉林 “…做到往深里走、往心里走、往实里走。坚持…” vs 天津 “…思想往深里走…往实里走。结合…”
    assert "往深里走、往心里走、往实里走。" in [p.text for p in res.between("天津市", "吉林省")]
    # 四川 “…党的创新理论往深里走、往心里走、往实里走，切实…” vs 天津: the phrase alone.
    assert phrase in [p.text for p in res.between("天津市", "四川省")]
    # Both spans of every pair are the same text, at the offsets given.
    for p in res.passages:
        assert doc.text[p.a_start:p.a_end] == p.text == doc.text[p.b_start:p.b_end]


def test_reuse_copy_ratios_are_consistent(hand_db):
    res = reuse(hand_db, n=8, min_len=10)
    doc = hand_sectioned_seed()
    by_region = {u.region: u for u in res.sections}
    assert set(by_region) == {n for _, n, _ in PROVINCES}
    for u in res.sections:
        sec = next(s for s in doc.sections if s.region.name == u.region)
        assert u.chars == len(sec.text)
        assert 0 < u.shared_chars <= u.chars
        assert u.copy_ratio == round(u.shared_chars / u.chars, 4)
    # 青海's passage with 天津 alone covers this many characters of 青海.
    assert by_region["青海省"].shared_chars >= len("推动学习贯彻习近平新时代中国特色社会主义思想往深里走、往心里走、往实里走")
    (d,) = res.documents
    assert d.shared_chars == sum(u.shared_chars for u in res.sections)
    assert d.chars == sum(len(s.text) for s in doc.sections)


def test_reuse_across_documents_only(hand_db):
    assert reuse(hand_db, across_documents_only=True).passages == []
