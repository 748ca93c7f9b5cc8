"""Corpus analyses over a readout store: formulations (echo, density, amplification, lag),
the officials roster, the event timeline and text reuse.

Each function takes a ``sqlite3.Connection`` or a database path and returns rows
(dicts or dataclasses); every row carries the ids of the rows (spans) that produced it.
"""

from __future__ import annotations

from readout.analyze.formulations import amplification, density, echo_matrix, first_appearance, formulation_counts
from readout.analyze.reuse import reuse
from readout.analyze.roster import roster
from readout.analyze.timeline import timeline

__all__ = ["amplification", "density", "echo_matrix", "first_appearance", "formulation_counts", "reuse", "roster",
           "timeline"]
