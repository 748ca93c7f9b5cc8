"""resources.read_table: the one reader of data files fails loudly, with a code, on bad data."""

from __future__ import annotations

import pytest

from readout.errors import ReadoutError
from readout.resources import data_text, parse_table, read_table


@pytest.mark.parametrize("text,code", [
    ("", "E402"),                                  # an empty file
    ("\n\n", "E402"),                              # blank lines only
    ("# a comment\nterm\trole\tsource\n", "E402"),  # a header and no rows
    ("term\trole\n书记\thead\n", "E403"),           # no source column
    ("term\trole\tsource\n书记\thead\t中国共产党章程\n省长\thead\t\n", "E404"),  # a row without a source
    ("term\trole\tsource\n书记\thead\n", "E404"),    # a row cut short
])
def test_resources_parse_table_refuses(text: str, code: str) -> None:
    with pytest.raises(ReadoutError) as err:
        parse_table(text, "posts.tsv", ("term", "role", "source"))
    assert err.value.code == code
    assert "readout/data/posts.tsv" in str(err.value)


def test_resources_parse_table_names_the_line() -> None:
    text = "# c\nterm\trole\tsource\n书记\thead\tA\n\n省长\thead\t \n"
    with pytest.raises(ReadoutError, match="line 5") as err:
        parse_table(text, "posts.tsv", ("term", "role", "source"))
    assert err.value.code == "E404"


def test_resources_parse_table_rows() -> None:
    text = "# c\nterm\trole\tsource\tnote\n书记 \thead\t党章\n省长\thead\t宪法\tx\n"
    assert parse_table(text, "posts.tsv", ("term", "source")) == [
        {"term": "书记", "role": "head", "source": "党章", "note": ""},
        {"term": "省长", "role": "head", "source": "宪法", "note": "x"},
    ]
    assert parse_table("赵\t百家姓\n", "s.tsv", ("value", "source"), header=False) == [{"value": "赵", "source": "百家姓"}]


def test_resources_missing_file() -> None:
    with pytest.raises(ReadoutError) as err:
        data_text("no-such-lexicon.tsv")
    assert err.value.code == "E401"
    with pytest.raises(ReadoutError):
        read_table("no-such-lexicon.tsv")
