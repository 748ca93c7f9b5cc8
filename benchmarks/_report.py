"""Shared helpers for the benchmarks: machine/version header and section replacement in docs/benchmarks.md."""

from __future__ import annotations

import platform
import re
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "benchmarks.md"


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def machine(extra: tuple[str, ...] = ()) -> str:
    import os

    vers = []
    for dist in ("readout", "ahocorasick-rs", "opencc", "jieba", "dask", "distributed", "pyarrow", *extra):
        try:
            vers.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            pass
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    except OSError:
        rev = "?"
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1e6:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import sqlite3

    return (f"{cpu()}, {len(os.sched_getaffinity(0))} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; {', '.join(vers)}; commit {rev}")


def write_section(name: str, body: str, doc: Path = DOC) -> None:
    """Replace (or append) the ``<!-- name:begin -->…<!-- name:end -->`` block of ``doc`` (docs/benchmarks.md)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    text = doc.read_text("utf-8") if doc.exists() else "# Benchmarks\n\nEach section is written by the script named in it.\n"
    if begin in text:
        text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    doc.write_text(text, "utf-8")
