"""The shipped formulation lexicon: shape, provenance, and one canonical value per formulation."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from readout.clean import simplify
from readout.errors import ReadoutError
from readout.extract.formulations import REQUIRED, find_formulations, load_lexicon
from readout.resources import read_table

ROWS = read_table("formulations.tsv", REQUIRED)
_QUOTES = re.compile(r"[“”‘’「」『』\"'\s]")
# A source names a public document, never an annotated article: no file names, no corpus words.
_NOT_A_SOURCE = re.compile(r"\.(?:txt|json|md|html?)\b|xwlb_|pages_|gold|dev\b|seed|corpus|语料|标注", re.IGNORECASE)
# Words that make a source a document or an occasion one can look up (十九大报告, 六中全会决议,
# 党章, 座谈会讲话, 指导意见 …). A row whose source names only an issuer (国务院 2015) must be
# attested in at least _ATTESTED broadcast days of the public archive.
_DOCUMENT = re.compile(
    "报告|全会|公报|决议|决定|党章|章程|讲话|规划|纲要|条例|准则|意见|通知|方案|会议|座谈会|考察|调研|论坛|演讲|法|批示|"
    "指示|宣言|建议|谈话|见面会|大会|研讨班|审议|回信|贺信|贺词|致辞|申办|出访|国会|党代会|口号|计划|批复|制度|题词|文章|"
    "声明|峰会|对话会|精神谱系|白皮书"
)
_ATTESTED = 3


def _forms(row: dict[str, str]) -> list[str]:
    return [row["value"], *(a for a in row["aliases"].split("|") if a.strip())]


def test_lexicon_file_shape() -> None:
    assert len(ROWS) >= 300
    values = [r["value"] for r in ROWS]
    assert len(values) == len(set(values))
    assert all(r["category"] for r in ROWS), [r for r in ROWS if not r["category"]][:3]
    years = [r["first_year"] for r in ROWS if r["first_year"]]
    assert all(y.isdigit() and 1900 <= int(y) <= 2030 for y in years)
    for must in ("两个维护", "四个意识", "中国式现代化", "新质生产力", "八项规定", "人类命运共同体", "总体国家安全观"):
        assert must in values


def test_every_row_names_a_public_source() -> None:
    bad = [r["value"] for r in ROWS if not r["source"] or _NOT_A_SOURCE.search(r["source"])]
    assert not bad, f"rows without a public source: {bad}"
    assert all(r["attested"].isdigit() for r in ROWS), "run build_phrases.py --attest"
    vague = [
        (r["value"], r["source"]) for r in ROWS if not _DOCUMENT.search(r["source"]) and int(r["attested"]) < _ATTESTED
    ]
    assert not vague, f"rows whose source names no document and that the archive does not attest: {vague}"


def test_values_are_simplified_and_unquoted() -> None:
    bad = [r["value"] for r in ROWS if simplify(r["value"]) != r["value"] or _QUOTES.search(r["value"])]
    assert not bad, bad


def test_no_written_form_belongs_to_two_rows() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for r in ROWS:
        for form in _forms(r):
            owners[_QUOTES.sub("", simplify(form))].add(r["value"])
    shared = {form: sorted(v) for form, v in owners.items() if len(v) > 1}
    assert not shared, shared


def test_every_alias_reports_its_canonical_value() -> None:
    """Quoted or not, each written form gives the row's value (两山论 → 绿水青山就是金山银山)."""
    lex = load_lexicon()
    wrong = []
    for r in ROWS:
        for form in _forms(r):
            form = simplify(form)
            bare = _QUOTES.sub("", form)
            for text in (f"会议提出“{bare}”。", f"会议提出：{form}。"):
                found = [f for f in find_formulations(text, text, lex) if f.text.strip("“”") in (form, bare)]
                if len(bare) >= 2 and [f.value for f in found][:1] != [r["value"]]:
                    wrong.append((text, r["value"], [(f.text, f.value) for f in found]))
    assert not wrong, wrong[:10]


def test_analyses_count_an_alias_with_its_formulation(tmp_path) -> None:
    """两山论 and 绿水青山就是金山银山 are one formulation to counts, first appearance and echo."""
    import readout
    from readout.analyze import echo_matrix, first_appearance, formulation_counts
    from readout.store import Store

    docs = [
        readout.read("浙江召开会议\n浙江省委召开会议，要求深入践行“两山论”。", pub_date="2020-08-15", source="a.txt"),
        readout.read("安徽召开会议\n安徽省委要求践行绿水青山就是金山银山。", pub_date="2020-09-01", source="b.txt"),
    ]
    path = tmp_path / "c.db"
    with Store.open(path) as st:
        for d in docs:
            assert st.add(d)
    counts = {r["formulation"]: r["documents"] for r in formulation_counts(path)}
    assert counts.get("绿水青山就是金山银山") == 2 and "两山论" not in counts, counts
    lags = {r["group"]: r["lag_days"] for r in first_appearance(path) if r["formulation"] == "绿水青山就是金山银山"}
    assert lags == {"浙江省": 0, "安徽省": 17}, lags
    echo = echo_matrix(path)
    assert "两山论" not in echo.formulations
    assert echo.count("浙江省", "绿水青山就是金山银山") == 1 and echo.count("安徽省", "绿水青山就是金山银山") == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [("# nothing here\n", "E402"), ("value\tsource\tcategory\n两个维护\t\tpolitical_loyalty\n", "E404")],
)
def test_an_empty_lexicon_or_a_row_without_source_fails_at_load(tmp_path, monkeypatch, content: str, code: str) -> None:
    from importlib import resources as ires

    real = ires.files
    monkeypatch.setattr(ires, "files", lambda pkg: tmp_path if pkg == "readout.data" else real(pkg))
    (tmp_path / "formulations.tsv").write_text(content, encoding="utf-8")
    with pytest.raises(ReadoutError) as err:
        load_lexicon.__wrapped__()
    assert err.value.code == code and "formulations.tsv" in str(err.value)
