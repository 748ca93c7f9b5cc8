"""Synthetic corpus: N realistic reports made by recombining real paragraphs.

Paragraphs come from the seed report and, when present, ``../shared/corpus/dev`` (read
and cleaned by readout, so any input format works). Each synthetic report takes a real
title and 3–12 paragraphs from different reports, with dates, provinces and official
names varied. Output is JSON Lines shards (``part-NNNNN.jsonl``, ``per_file`` reports
each, fields title/pub_date/text) in a directory you choose — generate them at benchmark
time into a temp dir; never commit them.

    .venv/bin/python benchmarks/synth.py 10000 /tmp/synth-1e4
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples"
DEV = REPO.parent / "shared" / "corpus" / "dev"

PROVINCES = ("北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 "
             "海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆").split()
_PROV = re.compile("|".join(sorted(PROVINCES, key=len, reverse=True)))
_DATE = re.compile(r"(\d{1,2})月(\d{1,2})日")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国明华志强伟军平东海涛鹏飞宏林峰春晓宁丽静红英文武斌杰勇刚毅辉光新忠诚"


@cache
def paragraphs() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(titles, paragraphs, official names) from the seed and the dev corpus, via readout's own reader."""
    from readout.model import Document
    from readout.pipeline import read_paths

    paths = [SEED] + ([DEV] if DEV.is_dir() else [])
    titles, paras, names = [], [], set()
    for d in read_paths(paths):
        if not isinstance(d, Document):
            continue
        titles.append(d.title)
        body = d.text[len(d.title):]
        paras += [p.strip() for p in body.split("\n") if len(p.strip()) >= 20]
        names.update(o.name for o in d.officials if len(o.name) in (2, 3))
    return tuple(titles), tuple(paras), tuple(sorted(names))


def _vary(text: str, rng: random.Random, month: int, names: dict[str, str]) -> str:
    prov = rng.choice(PROVINCES)
    text = _PROV.sub(lambda m: prov if rng.random() < 0.5 else m.group(0), text)
    text = _DATE.sub(lambda m: f"{month}月{rng.randint(1, 28)}日", text)
    for a, b in names.items():
        text = text.replace(a, b)
    return text


def documents(n: int, seed: int = 1) -> Iterator[dict[str, str]]:
    """``n`` synthetic reports as dicts (title, pub_date, text); deterministic for a seed."""
    titles, paras, known = paragraphs()
    rng = random.Random(seed)
    for i in range(n):
        year, month = rng.randint(2013, 2025), rng.randint(1, 12)
        # a few known names get new holders in this report
        swap = {a: rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=len(a) - 1))
                for a in rng.sample(known, min(3, len(known)))}
        body = [_vary(p, rng, month, swap) for p in rng.sample(paras, rng.randint(3, 12))]
        title = _vary(rng.choice(titles), rng, month, swap) + f"（{i}）"
        yield {"title": title, "pub_date": f"{year}-{month:02d}-{rng.randint(1, 28):02d}", "text": "\n".join(body)}


def write(n: int, out: str | Path, per_file: int = 1000, seed: int = 1) -> tuple[int, int]:
    """Write ``n`` reports as JSONL shards under ``out``; returns (files, characters)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = chars = 0
    f = None
    for i, d in enumerate(documents(n, seed)):
        if i % per_file == 0:
            if f:
                f.close()
            f = (out / f"part-{i // per_file:05d}.jsonl").open("w", encoding="utf-8")
            files += 1
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
        chars += len(d["text"]) + len(d["title"])
    if f:
        f.close()
    return files, chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--per-file", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    files, chars = write(a.n, a.out, a.per_file, a.seed)
    print(f"{a.n} reports, {chars:,} characters in {files} files under {a.out}")


if __name__ == "__main__":
    main()
