"""Speed and scale: batch ingest on all cores, and the same pipeline on a Dask cluster.

- ``ingest_parallel(paths, db, workers=None)``: worker processes build, one writer stores;
- ``run_dask(paths, out_dir, scheduler=None)``: build on a Dask cluster, write Parquet
  partitions (one table per record type);
- ``load_parquet(parquet_dir, db)``: load those partitions into the SQLite store.

See ``docs/scale.md``.
"""

from __future__ import annotations

from readout.scale.pool import default_workers, ingest_parallel
from readout.scale.writer import IngestSummary

__all__ = ["IngestSummary", "default_workers", "ingest_parallel", "load_parquet", "run_dask", "read_parquet_documents"]


def __getattr__(name: str):  # noqa: ANN202 - dask/pyarrow load only when asked for
    if name in ("run_dask", "load_parquet", "read_parquet_documents"):
        from readout.scale import dask_engine

        return getattr(dask_engine, name)
    raise AttributeError(name)
