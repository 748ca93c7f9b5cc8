"""What one input may cost: size, archive and nesting bounds, and which paths are never read.

Every bound has a default generous for real press files (a daily 新闻联播 file is tens of
kilobytes, a year of them in a zip a few megabytes) and tight enough that a hostile file
cannot take the machine: a device read until memory runs out, a zip bomb, JSON nested
10⁵ deep. The CLI exposes each as a flag (``readout ingest --help``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

__all__ = ["DEFAULT_MAX_BYTES", "Limits", "json_nesting"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds applied to every input of a batch."""

    max_bytes: int = DEFAULT_MAX_BYTES  # one file, or one archive member, before decoding
    max_chars: int = 2_000_000  # one document (story) after decoding
    max_unpacked: int = 1 << 30  # all members of one archive together
    max_members: int = 100_000  # members of one archive
    max_ratio: int = 200  # unpacked/compressed size of one member (checked past 1 MB unpacked)
    max_depth: int = 2  # archives inside archives
    max_nesting: int = 500  # JSON brackets (deep HTML is read from its tags: readout.ingest.html)
    follow_symlinks: bool = False  # follow symlinks out of the folder being read
    exclude: frozenset[str] = field(default_factory=frozenset)  # real paths never read (the store and its journal)

    def excluded(self, path: str | os.PathLike[str]) -> bool:
        return bool(self.exclude) and os.path.realpath(path) in self.exclude

    @staticmethod
    def store_files(db: str | os.PathLike[str]) -> frozenset[str]:
        """The real paths of a store and its journal files, for ``exclude``."""
        real = os.path.realpath(db)
        return frozenset(real + s for s in ("", "-wal", "-shm", "-journal"))


# Strings (so brackets inside them do not count) or one bracket.
_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}]')


def json_nesting(text: str, limit: int) -> int:
    """The bracket depth of ``text`` read as JSON, counted without recursion; stops once past ``limit``.

    ``json.loads`` recurses once per level (``[`` × 10⁵ raises RecursionError), so a
    file is measured first. Unbalanced or invalid JSON still gets a depth: this is a
    bound, not a parser.
    """
    depth = deepest = 0
    for m in _JSON_TOKEN.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif c in "]}":
            depth = max(0, depth - 1)
    return deepest

