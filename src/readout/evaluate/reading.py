"""Read gold files and corpora, run a reader over the articles, and score what it says."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from readout.evaluate.scoring import (
    PredEvent,
    PredFormulation,
    Prediction,
    PredOfficial,
    Report,
    score_file,
)

log = logging.getLogger(__name__)

Reader = Callable[[Path], Sequence[Any]]


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a gold.jsonl (or any JSON Lines) file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def source_categories(corpus_dir: str | Path) -> dict[str, str]:
    """file → category from the corpus's INDEX.jsonl, when it has one."""
    index = Path(corpus_dir) / "INDEX.jsonl"
    if not index.is_file():
        return {}
    return {r["file"]: r.get("category") or "" for r in load_gold(index)}


def source_of(file: str, categories: Mapping[str, str]) -> str:
    """INDEX category, else the file-name prefix (xwlb_, pages_), else ``other``."""
    if categories.get(file):
        return categories[file]
    return file.split("_", 1)[0] if "_" in file else "other"


def prediction_from_documents(docs: Iterable[Any]) -> Prediction:
    """Merge the ``Document`` objects read from one file into one ``Prediction``."""
    pred = Prediction()
    for doc in docs:
        for o in doc.officials:
            pred.officials.append(PredOfficial(o.name, tuple(o.posts), bool(o.political)))
        for e in doc.events:
            region = e.region.name if e.region is not None else None
            pred.events.append(PredEvent(e.date, e.date_end, region, e.kind, e.leader))
        for f in doc.formulations:
            pred.formulations.append(PredFormulation(f.text, f.value, f.kind))
        pred.speakers.extend(s.speaker for s in getattr(doc, "statements", ()))
    return pred


def evaluate_predictions(gold_rows: Iterable[Mapping[str, Any]], predictions: Mapping[str, Prediction], *,
                         categories: Mapping[str, str] | None = None, chars: Mapping[str, int] | None = None,
                         errors: Mapping[str, str] | None = None, seconds: float = 0.0) -> Report:
    """Score ready-made predictions (file → ``Prediction``); missing files predict nothing."""
    categories = categories or {}
    files = [
        score_file(g, predictions.get(g["file"], Prediction()), source=source_of(g["file"], categories),
                   chars=(chars or {}).get(g["file"], 0), error=(errors or {}).get(g["file"]))
        for g in gold_rows
    ]
    return Report.from_files(files, seconds)


def default_read(path: Path) -> list[Any]:
    """``readout.read_file``: the reader ``readout eval`` scores."""
    from readout import read_file

    return read_file(path)


def read_all(gold_rows: Sequence[Mapping[str, Any]], corpus_dir: Path, read: Reader
             ) -> tuple[dict[str, Prediction], dict[str, int], dict[str, str], float]:
    """Run ``read`` on each gold article: predictions, characters, errors and reading time."""
    preds: dict[str, Prediction] = {}
    chars: dict[str, int] = {}
    errors: dict[str, str] = {}
    seconds = 0.0
    for g in gold_rows:
        path = corpus_dir / g["file"]
        t0 = time.perf_counter()
        try:
            docs = list(read(path))
        except Exception as exc:  # noqa: BLE001 - an eval reports every failing file, it does not stop
            seconds += time.perf_counter() - t0
            errors[g["file"]] = f"{type(exc).__name__}: {exc}"
            log.warning("eval: %s: %s", path, errors[g["file"]])
            continue
        seconds += time.perf_counter() - t0
        preds[g["file"]] = prediction_from_documents(docs)
        chars[g["file"]] = sum(len(getattr(d, "text", "")) for d in docs)
    return preds, chars, errors, seconds


def evaluate_rows(gold_rows: Sequence[Mapping[str, Any]], corpus_dir: str | Path, *,
                  read: Reader | None = None) -> Report:
    """Read the articles of some gold rows from ``corpus_dir`` with ``read`` and score them."""
    corpus_dir = Path(corpus_dir)
    preds, chars, errors, seconds = read_all(gold_rows, corpus_dir, read or default_read)
    return evaluate_predictions(gold_rows, preds, categories=source_categories(corpus_dir), chars=chars,
                                errors=errors, seconds=seconds)


def evaluate(gold_path: str | Path, corpus_dir: str | Path, *, read: Reader | None = None) -> Report:
    """Read every gold article with ``read`` (default ``readout.read_file``) and score it.

    The reader gets only the file: it must find the publication date itself. A file that
    cannot be read predicts nothing and is listed in ``Report.errors``.
    """
    return evaluate_rows(load_gold(gold_path), corpus_dir, read=read)
