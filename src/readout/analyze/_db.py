"""What every analysis reads through: the store's ``opened`` connection and id lists."""

from __future__ import annotations

from readout.store import DB, opened

__all__ = ["DB", "ids", "opened"]


def ids(csv: str | None) -> list[int]:
    """Parse a group_concat of integer ids."""
    return sorted(int(x) for x in csv.split(",")) if csv else []
