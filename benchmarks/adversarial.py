"""Time against length: extraction on normal and adversarial text, at growing sizes.

    .venv/bin/python benchmarks/adversarial.py [--sizes 25000 100000 400000 1000000] [--only NAME] [--write]

Each input is one document built by repeating a short unit (or the bundled seed report)
up to the size. A stage that rescans from each match, or compares pairs without a window,
shows up as a growth exponent near 2 (time × 16 for size × 4); linear code stays near 1.
Times are single runs of ``readout.pipeline.build`` on records already decoded (bytes →
records is timed apart, it holds the HTML page analysis); a case stops growing once one
size takes longer than ``--give-up`` seconds.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import machine, write_section  # noqa: E402

REPO = HERE.parent
SEED = REPO / "examples" / "2019-09-theme-education-roundup.txt"


def _repeat(unit: str, head: str = "标题\n", tail: str = "") -> Callable[[int], str]:
    def make(n: int) -> str:
        k = max(1, (n - len(head) - len(tail)) // len(unit))
        return head + unit * k + tail
    return make


def _nested(open_: str, close: str, inner: str = "<p>习近平在北京主持召开会议。</p>") -> Callable[[int], str]:
    def make(n: int) -> str:
        k = max(1, (n - 40) // (len(open_) + len(close)))
        return "<html><body>" + open_ * k + inner + close * k + "</body></html>"
    return make


def _seed(n: int) -> str:
    text = SEED.read_text("utf-8")
    title, _, body = text.partition("\n")
    return title + "\n" + (body * (n // len(body) + 1))[: max(0, n - len(title) - 1)]


# name -> (what it stresses, generator)
CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "seed": ("the bundled report repeated (normal text)", _seed),
    "dates": ("'2019年9月9日，' repeated: one paragraph of same-day dates", _repeat("2019年9月9日，")),
    "dated-sentences": ("'9月9日，北京召开会议。' repeated", _repeat("9月9日，北京召开会议。")),
    "dated-regions": ("'2019年9月9日，北京、天津，' repeated", _repeat("2019年9月9日，北京、天津，")),
    "link-tail": ("'省长李强](全国' repeated: markdown link tails", _repeat("省长李强](全国")),
    "image-open": ("'![图' repeated: unclosed markdown images", _repeat("![图")),
    "comment-open": ("'<!--注' repeated: unclosed comments in plain text", _repeat("<!--注")),
    "blanks": ("full-width space + zero-width space repeated", _repeat("\u3000\u200b", "标题\n字", "字")),
    "short-lines": ("'北京\\n' repeated: a paragraph per place", _repeat("北京\n")),
    "lines": ("'短行\\n' repeated", _repeat("短行\n")),
    "officials": ("'省委书记李强、' repeated: one long post chain", _repeat("省委书记李强、")),
    "xi": ("'主席习近平' repeated", _repeat("主席习近平")),
    "statements": ("'他强调，' repeated", _repeat("他强调，")),
    "quotes": ("'“两个维护' repeated: unclosed quotes", _repeat("“两个维护")),
    "numbered": ("'两个维护、' repeated", _repeat("两个维护、")),
    "roundup": ("'各地' lead then a region per paragraph", _repeat("北京开展活动。\n", "标题\n3月5日，各地开展活动。\n")),
    "nested-div": ("10⁵-style nested <div> page", _nested("<div>", "</div>")),
    "nested-ul": ("nested <ul> page", _nested("<ul>", "</ul>")),
    "br-lines": ("one <div> with a <br> per line", _repeat("北京<br>", "<html><body><div>", "</div></body></html>")),
    "p-unclosed": ("unclosed <p> paragraphs", _repeat("<p>天津召开会议", "<html><body>", "</body></html>")),
}


BEFORE = ("Before this work (issue 14, measured on e3d7b40, wall seconds): `'2019年9月9日，'`×8,000 (88 k chars) 35 s; `'省长李强](全国'`×32,000 (256 k chars) 45 s; 10⁵ nested `<div>` 104 s; a file of many dates > 120 s; 10⁶ short lines 111 s and 1 GB — growth exponents 1.8–2.2.")


def time_case(make: Callable[[int], str], n: int) -> tuple[int, float, float]:
    """(characters, wall seconds, CPU seconds) of bytes → records → every record built."""
    from readout.ingest import records_from_bytes
    from readout.pipeline import build
    from readout.resources import load

    res = load()
    text = make(n)
    t0, c0 = time.perf_counter(), time.process_time()
    for r in records_from_bytes(text.encode("utf-8"), "<bench>", max_bytes=1 << 30):
        build(r, res)
    return len(text), time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000, 400_000, 1_000_000])
    ap.add_argument("--only", nargs="+", help="case names")
    ap.add_argument("--give-up", type=float, default=20.0, help="stop growing a case past this many seconds")
    ap.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = ap.parse_args()
    from readout.resources import load

    load()
    names = args.only or list(CASES)
    head = "| case | " + " | ".join(f"{n:,} chars: CPU (wall)" for n in args.sizes) + " | growth exponent |"
    rows = [head, "|---|" + "---:|" * (len(args.sizes) + 1)]
    print(head, flush=True)
    for name in names:
        desc, make = CASES[name]
        cells, pts = [], []
        for n in args.sizes:
            if pts and pts[-1][1] > args.give_up:  # CPU seconds
                cells.append("—")
                continue
            chars, wall, cpu = time_case(make, n)
            pts.append((chars, cpu))
            cells.append(f"{cpu:.2f} s ({wall:.1f})")
        big = [(c, t) for c, t in pts if t >= 0.02]
        expo = math.log(big[-1][1] / big[0][1]) / math.log(big[-1][0] / big[0][0]) if len(big) >= 2 else float("nan")
        row = f"| `{name}`: {desc} | " + " | ".join(cells) + f" | {expo:.2f} |"
        rows.append(row)
        print(row, flush=True)
    if args.write:
        body = (
            "## Time against length (`benchmarks/adversarial.py`)\n\n"
            f"Machine: {machine()}.\n\n"
            "One document per cell: bytes → records → `pipeline.build`, one run, one process; CPU seconds, and "
            "in brackets wall seconds (the machine is shared: wall time there is mostly waiting for a core). "
            "The growth exponent is the slope of log(CPU time) against log(size) between the first and last "
            "measured sizes (1 = linear, 2 = quadratic; small sizes carry fixed costs, so exponents under 1 "
            "are common). " + BEFORE + "\n\n"
            + "\n".join(rows)
        )
        write_section("adversarial", body)


if __name__ == "__main__":
    main()
