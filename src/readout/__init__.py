"""readout: read Chinese official-press reports into span-anchored facts.

    >>> import readout
    >>> doc = readout.read("2019年9月9日，天津召开会议。市委书记李鸿忠出席会议并讲话。")
    >>> doc.events[0].date, doc.events[0].region.name
    ('2019-09-09', '天津市')
"""

from __future__ import annotations

from readout.model import Document, Rejected
from readout.pipeline import read, read_file, read_paths

__all__ = ["Document", "Rejected", "read", "read_file", "read_paths"]
__version__ = "0.1.0"
