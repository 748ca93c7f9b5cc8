"""The gazetteer on real text: the seed roundup and the third-party dev corpus (../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readout.clean import clean, simplify
from readout.extract.regions import find_regions, load_gazetteer
from readout.ingest import read_path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "2019-09-theme-education-roundup.txt"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
SEED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed" / "gold.jsonl"


def norm_text(path: Path) -> str:
    return "\n".join(simplify(clean(r).text) for r in read_path(path))


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def dev_texts() -> dict[str, str]:
    if not (DEV / "gold.jsonl").exists():
        pytest.skip(f"dev corpus not found at {DEV}")
    return {p.name: norm_text(p) for p in sorted(DEV.glob("*.txt"))}


def test_seed_ten_provinces(gaz):
    text = norm_text(SEED)
    found = {m.province for m in find_regions(text, gaz)}
    ten = {"天津市", "吉林省", "黑龙江省", "江苏省", "安徽省", "山东省", "湖南省", "四川省", "青海省", "宁夏回族自治区"}
    assert ten <= found
    if SEED_GOLD.exists():
        gold = {e["region"] for line in SEED_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()
                for e in json.loads(line)["events"]}
        assert gold == ten


def test_dev_gold_provinces_are_named(gaz, dev_texts):
    """Nearly every province a gold event happens in is named somewhere in its article."""
    total = missed = 0
    for line in (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        regions = {e["region"] for e in d["events"] if e["region"] not in (None, "全国") and not e.get("ambiguous")}
        if not regions:
            continue
        found = {m.province for m in find_regions(dev_texts[d["file"]], gaz)}
        total += len(regions)
        missed += len(regions - found)
    assert total >= 50
    assert missed / total <= 0.05  # the misses say only 省委/我省 and name no place


def test_dev_known_traps_stay_out(gaz, dev_texts):
    """False hits once seen on the dev corpus (辽宁振兴, 四川南部, 重大理论, 马里亚纳, 和县域, 西南山区 …)."""
    bad = {"振兴", "南部", "大理", "马里", "和县", "南山区", "河源", "嘉兴"}
    seen = [(name, m.text) for name, t in dev_texts.items() for m in find_regions(t, gaz) if m.text in bad]
    assert seen == []


def test_dev_mentions_are_sound(gaz, dev_texts):
    n = 0
    for t in dev_texts.values():
        ms = find_regions(t, gaz)
        for a, b in zip(ms, ms[1:]):
            assert a.end <= b.start
        for m in ms:
            assert t[m.start:m.end] == m.text and len(m.text) >= 2
            assert m.province
        n += len(ms)
    assert n > 800
