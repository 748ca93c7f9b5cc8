"""The validation sets nothing is tuned on: the frozen third of the dev corpus and the archive set.

- ``data/dev_split.json``: the dev corpus (``../shared/corpus/dev``) split into ``tuning``
  (rules and lexicons may be fitted to it) and ``validation`` (frozen: only measured).
- ``data/xwlb_validation.jsonl``: gold labels, written for this project by annotators who
  never saw readout's output, for 210 新闻联播 stories drawn at random from the public
  archive github.com/china-data/xwlb (``scripts/validation_sample.py``).
  ``data/xwlb_validation_index.jsonl`` says where each story is in the archive; the texts
  themselves are third-party and never committed: :func:`rebuild_archive_texts` writes
  them again from a local copy of the archive, byte for byte as the annotators read them.

``fingerprint`` pins a set of gold rows, so an accuracy floor belongs to one version of them.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readout.evaluate.reading import load_gold

DATA = Path(__file__).with_name("data")
DEV_SPLIT = DATA / "dev_split.json"
ARCHIVE_GOLD = DATA / "xwlb_validation.jsonl"
ARCHIVE_INDEX = DATA / "xwlb_validation_index.jsonl"
# 120 other stories of the same archive, labelled the same way, that rules MAY be fitted to
ARCHIVE_TUNING_GOLD = DATA / "xwlb_tuning.jsonl"
ARCHIVE_TUNING_INDEX = DATA / "xwlb_tuning_index.jsonl"
ARCHIVE_ENV = "READOUT_XWLB"  # where tests and benchmarks look for a local copy of the archive
PARTS = ("tuning", "validation")


@dataclass(frozen=True, slots=True)
class Split:
    """Files of a corpus by part (``tuning``, ``validation``)."""

    seed: int
    rule: str
    parts: Mapping[str, frozenset[str]]

    def part_of(self, file: str) -> str | None:
        return next((name for name, files in self.parts.items() if file in files), None)

    def covers(self, files: Iterable[str]) -> bool:
        """Every file is in some part (so the corpus is the one this split was drawn from)."""
        return all(self.part_of(f) is not None for f in files)


def load_split(path: str | Path = DEV_SPLIT) -> Split:
    """The split of the dev corpus shipped with readout (or another one in the same format)."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    parts = {name: frozenset(raw[name]) for name in PARTS}
    if both := parts["tuning"] & parts["validation"]:
        raise ValueError(f"{path}: files in both tuning and validation: {sorted(both)}")
    return Split(seed=int(raw.get("seed", 0)), rule=str(raw.get("rule", "")), parts=parts)


def split_rows(rows: Iterable[Mapping[str, Any]], split: Split) -> dict[str, list[Mapping[str, Any]]]:
    """Gold rows by part, in their original order; rows of files outside the split are left out."""
    out: dict[str, list[Mapping[str, Any]]] = {name: [] for name in split.parts}
    for r in rows:
        part = split.part_of(r["file"])
        if part is not None:
            out[part].append(r)
    return out


def fingerprint(rows: Iterable[Mapping[str, Any]]) -> str:
    """SHA-256 of gold rows in canonical JSON, sorted by file: any label change changes it."""
    canon = sorted(json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in rows)
    return hashlib.sha256("\n".join(canon).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- the archive set

_TAG = re.compile(r"<[^>]+>")
_PARA = re.compile(r"</p>|<br\s*/?>", re.IGNORECASE)


def story_text(content: str) -> str:
    """A story's paragraphs, one per line, tags removed and entities decoded."""
    lines = (html.unescape(_TAG.sub("", p)).strip() for p in _PARA.split(content))
    return "\n".join(line for line in lines if line)


def story_file(record: Mapping[str, Any]) -> str:
    """The plain-text file of one archive record: title line, blank line, one paragraph a line."""
    title = str(record.get("video_title") or "").strip()
    return f"{title}\n\n{story_text(record['video_detail']['content'])}\n"


def archive_records(xwlb: Path, rel: str) -> list[dict[str, Any]]:
    """The story records of one day file of the archive (``assets/YYYY/YYYYMMDD.json``)."""
    day = json.loads((xwlb / rel).read_text(encoding="utf-8"))
    return list(day.get("videoList") or [])


def rebuild_archive_texts(xwlb: str | Path, out: str | Path, *, index: str | Path = ARCHIVE_INDEX,
                          gold: str | Path | None = ARCHIVE_GOLD) -> list[Path]:
    """Write the archive validation stories from a local copy of the archive into ``out``.

    Also writes ``INDEX.jsonl`` and, when ``gold`` is given, ``gold.jsonl`` there, so
    ``readout eval OUT/gold.jsonl OUT`` scores the set. Raises ``FileNotFoundError``
    naming the first story the archive copy lacks.
    """
    xwlb, out = Path(xwlb), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = load_gold(index)
    written = []
    for row in rows:
        day = xwlb / row["path"]
        if not day.is_file():
            raise FileNotFoundError(f"{day}: the archive copy at {xwlb} lacks {row['path']} (needed for {row['file']})")
        rec = next((r for r in archive_records(xwlb, row["path"]) if int(r.get("num") or 0) == row["item_num"]), None)
        if rec is None:
            raise FileNotFoundError(f"{day}: no story number {row['item_num']} (needed for {row['file']})")
        path = out / row["file"]
        path.write_text(story_file(rec), encoding="utf-8")
        written.append(path)
    (out / "INDEX.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    if gold is not None:
        (out / "gold.jsonl").write_bytes(Path(gold).read_bytes())
    return written


def measured_sets(dev: str | Path | None, xwlb: str | Path | None, workdir: str | Path, *,
                  tuning: bool = True) -> dict[str, tuple[list[dict[str, Any]], Path]]:
    """The sets the published figures are measured on, those present: name → (gold rows, corpus folder).

    ``dev-tuning`` (when ``tuning``) and ``dev-validation`` from the dev corpus at ``dev`` cut by the
    shipped split; ``archive-tuning`` (when ``tuning``) and ``archive-validation`` with their texts rebuilt
    from ``xwlb`` into ``workdir``.
    """
    out: dict[str, tuple[list[dict[str, Any]], Path]] = {}
    if dev is not None and (Path(dev) / "gold.jsonl").is_file():
        rows = load_gold(Path(dev) / "gold.jsonl")
        parts = split_rows(rows, load_split(DEV_SPLIT))
        for name in ("tuning", "validation") if tuning else ("validation",):
            keep = {r["file"] for r in parts[name]}
            out[f"dev-{name}"] = ([r for r in rows if r["file"] in keep], Path(dev))
    if xwlb is not None and tuning and ARCHIVE_TUNING_GOLD.is_file():
        where = Path(workdir) / "archive-tuning"
        rebuild_archive_texts(xwlb, where, index=ARCHIVE_TUNING_INDEX, gold=None)
        out["archive-tuning"] = (load_gold(ARCHIVE_TUNING_GOLD), where)
    if xwlb is not None and ARCHIVE_GOLD.is_file():
        rebuild_archive_texts(xwlb, workdir, gold=None)
        out["archive-validation"] = (load_gold(ARCHIVE_GOLD), Path(workdir))
    return out
