"""Read-only lexicons and automata the extraction stages use.

Built once per process on first use (``load()``) and never mutated afterwards, so the
same stages run unchanged in worker processes and on Dask workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True, slots=True)
class Resources:
    gazetteer: Any
    posts: Any
    formulations: Any
    names: Any


@cache
def load() -> Resources:
    from readout.extract import formulations, officials, regions

    return Resources(
        gazetteer=regions.load_gazetteer(),
        posts=officials.load_posts(),
        formulations=formulations.load_lexicon(),
        names=officials.load_names(),
    )
