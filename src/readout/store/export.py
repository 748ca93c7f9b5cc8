"""Export every table of a store to JSONL, CSV or Parquet (one file per table), streaming in batches."""

from __future__ import annotations

import base64
import csv
import json
import sqlite3
from pathlib import Path

from readout.store import DB, opened

FORMATS = ("jsonl", "csv", "parquet")
_BATCH = 5000


def tables(conn: sqlite3.Connection) -> list[str]:
    """User tables: not SQLite's own, not the FTS indexes (rebuilt from ``documents``) nor their shadows."""
    fts = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE '%VIRTUAL%'")]
    out = []
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY rowid"):
        if name.startswith("sqlite_") or name in fts or any(name.startswith(f + "_") for f in fts):
            continue
        out.append(name)
    return out


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    return [(r[1], (r[2] or "").upper()) for r in conn.execute(f'PRAGMA table_info("{table}")')]


def export(db: DB, out: str | Path, fmt: str = "jsonl") -> list[Path]:
    """Write ``<table>.<fmt>`` for every table into ``out``; BLOBs become base64 in JSONL/CSV."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with opened(db) as conn:
        for table in tables(conn):
            cols = _columns(conn, table)
            names = [c for c, _ in cols]
            path = out / f"{table}.{fmt}"
            cur = conn.execute(f'SELECT * FROM "{table}"')
            if fmt == "parquet":
                _parquet(cur, cols, path)
            else:
                with path.open("w", encoding="utf-8", newline="") as fh:
                    writer = csv.writer(fh) if fmt == "csv" else None
                    if writer:
                        writer.writerow(names)
                    while batch := cur.fetchmany(_BATCH):
                        for row in batch:
                            row = [base64.b64encode(v).decode("ascii") if isinstance(v, bytes) else v for v in row]
                            if writer:
                                writer.writerow(row)
                            else:
                                fh.write(json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n")
            written.append(path)
    return written


def _parquet(cur: sqlite3.Cursor, cols: list[tuple[str, str]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def arrow_type(decl: str) -> pa.DataType:
        if "INT" in decl:
            return pa.int64()
        if "BLOB" in decl:
            return pa.binary()
        if any(k in decl for k in ("REAL", "FLOA", "DOUB")):
            return pa.float64()
        return pa.string()

    schema = pa.schema([(c, arrow_type(t)) for c, t in cols])
    with pq.ParquetWriter(path, schema) as writer:
        wrote = False
        while batch := cur.fetchmany(_BATCH):
            columns = list(zip(*batch))
            writer.write_table(pa.table([pa.array(list(col), type=f.type) for col, f in zip(columns, schema)],
                                        schema=schema))
            wrote = True
        if not wrote:
            writer.write_table(schema.empty_table())
