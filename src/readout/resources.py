"""Read-only lexicons and automata the extraction stages use, and the one reader of data files.

Built once per process on first use (``load()``) and never mutated afterwards, so the
same stages run unchanged in worker processes and on Dask workers.

Every lexicon in ``readout/data`` is read with ``read_table``: a missing file, a file with
no rows, or a row whose required cell (its ``source``, say) is empty stops the load with a
coded ``ReadoutError`` instead of leaving a stage with nothing to match (an empty
``leaders.tsv`` once made the officials stage loop forever).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources as ires
from typing import Any

from readout.errors import Errors, ReadoutError


@dataclass(frozen=True, slots=True)
class Resources:
    gazetteer: Any
    posts: Any
    formulations: Any
    names: Any


@cache
def load() -> Resources:
    # imported here: the extract modules read their data with read_table below
    from readout.extract import formulations, officials, regions

    return Resources(
        gazetteer=regions.load_gazetteer(),
        posts=officials.load_posts(),
        formulations=formulations.load_lexicon(),
        names=officials.load_names(),
    )


def data_text(name: str) -> str:
    """The text of ``readout/data/<name>``; E401 when the package lacks it."""
    try:
        return ires.files("readout.data").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, IsADirectoryError) as exc:
        raise ReadoutError(Errors.E401, f"readout/data/{name}") from exc


def parse_table(text: str, name: str, required: Sequence[str] = (), *, header: bool = True) -> list[dict[str, str]]:
    """Rows of a tab-separated lexicon: ``#`` lines and blank lines skipped, cells stripped.

    With ``header`` the first remaining line names the columns; without it, the columns
    are ``required`` in order (a plain word list is ``required=("value", "source")``).
    Raises E402 when there are no rows, E403 when the header lacks a required column and
    E404 (naming the line) when a required cell is empty.
    """
    where = f"readout/data/{name}"
    lines = [(i, ln) for i, ln in enumerate(text.splitlines(), 1) if ln.strip() and not ln.startswith("#")]
    if header and lines:
        columns = [c.strip() for c in lines.pop(0)[1].split("\t")]
        missing = [c for c in required if c not in columns]
        if missing:
            raise ReadoutError(Errors.E403, where, columns=", ".join(missing))
    else:
        columns = list(required)
    if not lines:
        raise ReadoutError(Errors.E402, where)
    rows = []
    for i, ln in lines:
        cells = [c.strip() for c in ln.split("\t")]
        row = dict(zip(columns, cells + [""] * (len(columns) - len(cells))))
        empty = [c for c in required if not row[c]]
        if empty:
            raise ReadoutError(Errors.E404, where, line=i, columns=", ".join(empty))
        rows.append(row)
    return rows


def read_table(name: str, required: Sequence[str] = (), *, header: bool = True) -> list[dict[str, str]]:
    """``parse_table`` over the shipped file ``readout/data/<name>``."""
    return parse_table(data_text(name), name, required, header=header)
