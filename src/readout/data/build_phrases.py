"""Build ``quoted_phrases.tsv`` from the public 新闻联播 archive (not imported at run time).

    git clone https://github.com/china-data/xwlb /tmp/xwlb        # or an unpacked copy
    python src/readout/data/build_phrases.py /tmp/xwlb \\
        --exclude ../shared/corpus/dev --exclude /path/to/validation/INDEX.jsonl \\
        > src/readout/data/quoted_phrases.tsv

Each broadcast day (``assets/YYYY/YYYYMMDD.json``: the broadcaster's JSON, one
``videoList`` item per story) is one document. For every phrase written in Chinese
quotes, the table counts the days it was quoted on, the distinct years, and the days on
which it was quoted as a name (称为“X”, “X”称号, “X”号 …, by the same context rules the
extractor applies to one document: ``readout.extract.formulations.name_context``).
Only the counts ship, never a story: a phrase quoted on at least ``--min-days`` days.

With ``--attest formulations.tsv`` it instead fills that lexicon's ``attested`` column: the
number of broadcast days whose text contains the row's value or an alias, quoted or not
(evidence that a row is a phrase in official use, beside the document its ``source`` names).

Days named by an ``--exclude`` argument (any ``YYYYMMDD`` in a file name in a folder, or
in a JSONL file's lines) are skipped, so nothing the extractor is measured on feeds the
table.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

_DAY = re.compile(r"(?<!\d)(20\d{2}[01]\d[0-3]\d)(?!\d)")
_TAG = re.compile(r"<[^>]+>")


def excluded_days(paths: list[Path]) -> set[str]:
    """Every YYYYMMDD named in the files of the given folders or in the given files' text."""
    days: set[str] = set()
    for p in paths:
        names = [f.name for f in p.iterdir()] if p.is_dir() else p.read_text(encoding="utf-8").splitlines()
        for name in names:
            days.update(_DAY.findall(name))
    return days


def broadcasts(archive: Path, skip: set[str]) -> Iterator[tuple[str, list[str]]]:
    """(YYYYMMDD, story texts) for each day of the archive not in ``skip``, in date order."""
    for path in sorted((archive / "assets").glob("*/*.json")):
        day = path.stem
        if day in skip or not _DAY.fullmatch(day):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue  # a few days are empty files
        stories = [((v.get("video_detail") or {}).get("content") or "") for v in data.get("videoList") or []]
        yield day, [html.unescape(_TAG.sub("", s)) for s in stories if s]


def count(archive: Path, skip: set[str]) -> tuple[dict[str, list], int]:
    """phrase → [days, set of years, named days] over the archive, and the number of days read."""
    from readout.clean import simplify
    from readout.extract.formulations import quoted_spans

    table: dict[str, list] = {}
    n_days = 0
    for day, stories in broadcasts(archive, skip):
        n_days += 1
        seen: dict[str, bool] = {}
        for story in stories:
            norm = simplify(story)
            for phrase, named in quoted_spans(norm):
                seen[phrase] = seen.get(phrase, False) or named
        for phrase, named in seen.items():
            row = table.setdefault(phrase, [0, set(), 0])
            row[0] += 1
            row[1].add(day[:4])
            row[2] += named
    return table, n_days


def attest(archive: Path, skip: set[str], lexicon: Path) -> None:
    """Rewrite the ``attested`` column of ``lexicon`` (a formulations.tsv) in place."""
    import ahocorasick_rs

    from readout.clean import simplify

    lines = lexicon.read_text(encoding="utf-8").split("\n")
    header = next(i for i, ln in enumerate(lines) if ln and not ln.startswith("#"))
    columns = lines[header].split("\t")
    col = columns.index("attested")
    rows = {i: ln.split("\t") for i, ln in enumerate(lines) if i > header and ln and not ln.startswith("#")}
    owners: dict[str, set[int]] = {}
    for i, cells in rows.items():
        for form in [cells[0], *cells[1].split("|")]:
            form = re.sub(r"[\s“”‘’「」『』\"']", "", simplify(form))
            if len(form) >= 2:
                owners.setdefault(form, set()).add(i)
    forms = list(owners)
    ac = ahocorasick_rs.AhoCorasick(forms, matchkind=ahocorasick_rs.MATCHKIND_STANDARD)
    days = dict.fromkeys(rows, 0)
    for _, stories in broadcasts(archive, skip):
        hit: set[int] = set()
        for k, _, _ in ac.find_matches_as_indexes(simplify("\n".join(stories)), overlapping=True):
            hit |= owners[forms[k]]
        for i in hit:
            days[i] += 1
    for i, cells in rows.items():
        cells += [""] * (len(columns) - len(cells))
        cells[col] = str(days[i])
        lines[i] = "\t".join(cells)
    lexicon.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", type=Path, help="a checkout of github.com/china-data/xwlb")
    ap.add_argument("--exclude", type=Path, action="append", default=[], help="folder or list naming days to skip")
    ap.add_argument("--min-days", type=int, default=2, help="keep phrases quoted on at least this many days")
    ap.add_argument("--attest", type=Path, help="fill this formulations.tsv's attested column instead")
    args = ap.parse_args(argv)
    skip = excluded_days(args.exclude)
    if args.attest:
        attest(args.archive, skip, args.attest)
        return
    table, n_days = count(args.archive, skip)
    years = sorted({y for row in table.values() for y in row[1]})
    out = sys.stdout
    out.write(
        "# Phrases written in Chinese quotes in the 新闻联播 archive github.com/china-data/xwlb (MIT), "
        f"{years[0] if years else ''}–{years[-1] if years else ''}: {n_days} broadcast days read, {len(skip)} days "
        "excluded (the evaluation corpora's). Built by build_phrases.py.\n"
        "# days: broadcast days the phrase was quoted on; years: distinct years; named: days it was quoted as a name.\n"
        "phrase\tdays\tyears\tnamed\n"
    )
    for phrase, (days, yrs, named) in sorted(table.items(), key=lambda kv: (-kv[1][0], kv[0])):
        if days >= args.min_days:
            out.write(f"{phrase}\t{days}\t{len(yrs)}\t{named}\n")


if __name__ == "__main__":
    main()
