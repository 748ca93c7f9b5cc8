"""Accept a connection or a path, and close only what we opened."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DB = sqlite3.Connection | str | Path


@contextmanager
def opened(db: DB) -> Iterator[sqlite3.Connection]:
    if isinstance(db, sqlite3.Connection):
        yield db
        return
    from readout.store import connect

    if not Path(db).exists():
        raise FileNotFoundError(f"no such database: {db}")
    conn = connect(db, readonly=True)
    try:
        yield conn
    finally:
        conn.close()


def ids(csv: str | None) -> list[int]:
    """Parse a group_concat of integer ids."""
    return sorted(int(x) for x in csv.split(",")) if csv else []
