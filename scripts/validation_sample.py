"""Draw the archive validation set: stories at random from the 新闻联播 archive ``china-data/xwlb``.

The texts stay outside the repository: this script reads the archive from a path you give and writes
one plain-text file per story (title line, blank line, one paragraph per line) plus ``INDEX.jsonl``.
The draw is fixed by the seed, so anyone with the same archive commit gets the same stories.

    python scripts/validation_sample.py --xwlb PATH/TO/xwlb --out validation/ [--n 210] [--seed 20261202]
    python scripts/validation_sample.py --xwlb PATH/TO/xwlb --out validation/ --rebuild

Days that appear in ``../shared/corpus/dev`` are excluded, so no validation story is a dev story.
``--rebuild`` does not draw: it writes exactly the stories of the committed set
(``src/readout/evaluate/data/xwlb_validation_index.jsonl``), byte for byte as the annotators
read them, with the labels as ``gold.jsonl`` beside them, so that
``readout eval OUT/gold.jsonl OUT`` scores the set (``readout eval --xwlb PATH`` does both in one go).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from readout.evaluate.validation import (  # noqa: E402
    ARCHIVE_GOLD,
    rebuild_archive_texts,
    story_file,
    story_text,
)


def stories(xwlb: Path) -> list[tuple[str, int, dict]]:
    """Every (day file, item number, record) with at least 200 characters of text, in file order."""
    out = []
    for path in sorted((xwlb / "assets").glob("*/*.json")):
        try:
            day = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        for rec in day.get("videoList") or []:
            content = (rec.get("video_detail") or {}).get("content") or ""
            if len(story_text(content)) >= 200:
                out.append((str(path.relative_to(xwlb)), int(rec.get("num") or 0), rec))
    return out


def draw(xwlb: Path, out: Path, dev: Path, n: int, seed: int) -> None:
    dev_days = {p.name.split("_")[1] for p in dev.glob("xwlb_*.txt")}
    pool = [s for s in stories(xwlb) if Path(s[0]).stem not in dev_days]
    chosen = sorted(random.Random(seed).sample(pool, n), key=lambda s: (s[0], s[1]))
    out.mkdir(parents=True, exist_ok=True)
    with (out / "INDEX.jsonl").open("w", encoding="utf-8") as index:
        for rel, num, rec in chosen:
            name = f"val_xwlb_{Path(rel).stem}_{num:02d}.txt"
            (out / name).write_text(story_file(rec), encoding="utf-8")
            index.write(json.dumps({"file": name, "source": "github:china-data/xwlb", "path": rel, "item_num": num,
                                    "pub_date": rec.get("pub_date"), "url": rec.get("video_url")},
                                   ensure_ascii=False) + "\n")
    print(f"{len(chosen)} stories of {len(pool)} drawn into {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xwlb", type=Path, required=True, help="a checkout of github.com/china-data/xwlb")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--n", type=int, default=210)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--rebuild", action="store_true", help="write the committed set's stories, do not draw")
    args = ap.parse_args()
    if args.rebuild:
        written = rebuild_archive_texts(args.xwlb, args.out, gold=ARCHIVE_GOLD if ARCHIVE_GOLD.is_file() else None)
        print(f"{len(written)} stories written to {args.out}")
    else:
        draw(args.xwlb, args.out, args.dev, args.n, args.seed)


if __name__ == "__main__":
    main()
