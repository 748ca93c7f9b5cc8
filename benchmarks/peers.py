"""Offline peer systems for the accuracy benchmark, all sharing one simple, fair rule set.

Every peer gets the same decoded, simplified text readout reads, the same publication
date readout finds (from the file name), and the same post lexicon readout uses. Peers
differ only in how they find person names:

- ``regex``: the trivial baseline: a post, then the 2–3 characters after it are the name.
- ``jieba``: ``jieba.posseg`` tokens tagged ``nr``.
- ``lac``: Baidu LAC tokens tagged ``PER`` (run in another venv, see ``lac_worker.py``).

Shared rules: a name's post is the nearest post ending before it in the same clause
(≤ 20 characters back, no ``，。；！？`` in between; a post written before a 、-list of
names reaches every name), else a post written right after it (习近平总书记). A post
is a post head from the lexicon plus up to 8 Chinese characters before it in the same
run (天津市委书记). Events: every day-precision date (yyyy年m月d日, m月d日 with the year
of the last full date or of the publication date, 今天/昨天, 至d日 ranges) paired with
the nearest province-level name in the text. Formulations: quoted text of 2–20
characters, and "number + 个/项/条/大 + two characters" (四个意识).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from readout.evaluate import PredEvent, PredFormulation, Prediction, PredOfficial

REPO = Path(__file__).resolve().parents[1]

# Fallback post heads when readout's own lexicon is not importable.
_BUILTIN_HEADS = (
    "总书记 副书记 书记 常委 委员 副主席 主席 副主任 主任 副部长 部长 副省长 省长 副市长 市长 副县长 县长 副区长 区长 "
    "副总理 总理 副委员长 委员长 国务委员 秘书长 院长 检察长 局长 厅长 组长 政委 司令员 大使 院士 教授 董事长"
).split()
_BUILTIN_NONPOLITICAL = frozenset("院士 教授 董事长 总经理 研究员 总设计师 所长 负责人".split())

PROVINCES = (
    ("北京市", "北京"), ("天津市", "天津"), ("河北省", "河北"), ("山西省", "山西"), ("内蒙古自治区", "内蒙古"),
    ("辽宁省", "辽宁"), ("吉林省", "吉林"), ("黑龙江省", "黑龙江"), ("上海市", "上海"), ("江苏省", "江苏"),
    ("浙江省", "浙江"), ("安徽省", "安徽"), ("福建省", "福建"), ("江西省", "江西"), ("山东省", "山东"),
    ("河南省", "河南"), ("湖北省", "湖北"), ("湖南省", "湖南"), ("广东省", "广东"), ("广西壮族自治区", "广西"),
    ("海南省", "海南"), ("重庆市", "重庆"), ("四川省", "四川"), ("贵州省", "贵州"), ("云南省", "云南"),
    ("西藏自治区", "西藏"), ("陕西省", "陕西"), ("甘肃省", "甘肃"), ("青海省", "青海"), ("宁夏回族自治区", "宁夏"),
    ("新疆维吾尔自治区", "新疆"), ("台湾省", "台湾"), ("香港特别行政区", "香港"), ("澳门特别行政区", "澳门"),
)


@cache
def post_lexicon() -> tuple[tuple[str, ...], frozenset[str], str]:
    """(post heads, non-political heads, where they came from): the heads readout itself uses
    (the ``full``/``head``/``nonpolitical`` rows of posts.tsv), so the peers
    differ from readout only in how they find names."""
    try:
        from readout.extract.officials import load_posts

        lex = load_posts()
        return lex.heads, lex.nonpolitical, "readout.extract.officials.load_posts() (heads of data/posts.tsv)"
    except ImportError:
        return tuple(_BUILTIN_HEADS), _BUILTIN_NONPOLITICAL, "built-in list (benchmarks/peers.py)"


@cache
def _post_re() -> re.Pattern[str]:
    heads, _, _ = post_lexicon()
    return re.compile("|".join(re.escape(h) for h in sorted(set(heads), key=len, reverse=True)))


_CLAUSE_BREAK = re.compile(r"[，。；！？：\n]")
_DAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:[至到—\-~～](?:(\d{1,2})月)?(\d{1,2})日)?|(今天|今日|昨天|昨日)")
_PROVINCE_RE = re.compile("|".join(sorted((re.escape(x) for pair in PROVINCES for x in pair), key=len, reverse=True)))
_SHORT_TO_FULL = {short: full for full, short in PROVINCES} | {full: full for full, _ in PROVINCES}
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,20})[”\"]")
_NUMBERED = re.compile(r"[一二三四五六七八九十两]+(?:个|项|条|大)[\u4e00-\u9fff]{2}")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# First characters of words that usually follow a name (出席, 在, 等 …): the regex baseline's
# name is 3 characters unless the third is one of these.
_AFTER_NAME_CHARS = frozenset("出在等主说指表会到同和与及向对就为作率赴来深前看慰考调致宣代也都分先一陪参讲要强发视")


def find_posts(text: str) -> list[tuple[int, int, int, str]]:
    """(start, head_start, end, post) for every post: a lexicon head plus up to 8 Chinese
    characters before it in the same run (天津市委书记)."""
    out = []
    for m in _post_re().finditer(text):
        start = m.start()
        while start > 0 and m.start() - start < 8 and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        out.append((start, m.start(), m.end(), text[start:m.end()]))
    return out


def assign_posts(text: str, names: Iterable[tuple[int, int, str]],
                 posts: Sequence[tuple[int, int, int, str]]) -> list[PredOfficial]:
    """The shared nearest-post rule: each (start, end, name) gets its nearest post."""
    _, nonpolitical, _ = post_lexicon()
    found: dict[str, list[str]] = {}
    ends = sorted(posts, key=lambda p: p[2])
    for s, e, name in names:
        best = None
        for _, _, pe, post in ends:
            if pe > s:
                break
            if s - pe <= 20 and not _CLAUSE_BREAK.search(text, pe, s):
                best = post
        if best is None:  # a post written right after the name: its head alone (习近平总书记)
            best = next((text[hs:pe] for _, hs, pe, _ in ends if hs == e), None)
        if best is not None:
            found.setdefault(name, [])
            if best not in found[name]:
                found[name].append(best)
    out = []
    for name, ps in found.items():
        political = any(not any(p.endswith(h) for h in nonpolitical) for p in ps)
        out.append(PredOfficial(name, tuple(ps), political))
    return out


def find_events(text: str, pub_date: str | None) -> list[PredEvent]:
    """Every day-precision date paired with the nearest province-level name."""
    provinces = [(m.start(), m.end(), _SHORT_TO_FULL[m.group()]) for m in _PROVINCE_RE.finditer(text)]
    year = int(pub_date[:4]) if pub_date else None
    out = []
    for m in _DAY.finditer(text):
        if m.group(6):
            if not pub_date:
                continue
            d = date.fromisoformat(pub_date)
            day = d if m.group(6) in ("今天", "今日") else d - timedelta(days=1)
            start, end = day.isoformat(), None
        else:
            if m.group(1):
                year = int(m.group(1))
            if year is None:
                continue
            try:
                first = date(year, int(m.group(2)), int(m.group(3)))
                last = date(year, int(m.group(4) or m.group(2)), int(m.group(5))) if m.group(5) else None
            except ValueError:
                continue
            start, end = first.isoformat(), last.isoformat() if last and last > first else None
        # nearest by the gap between the two spans, either side
        region = min(provinces, key=lambda p: max(p[0] - m.end(), m.start() - p[1]))[2] if provinces else None
        sentence_end = text.find("。", m.end())
        sentence = text[m.start(): sentence_end if sentence_end != -1 else len(text)]
        out.append(PredEvent(start, end, region, "meeting" if "会" in sentence else "other"))
    return out


def find_formulations(text: str) -> list[PredFormulation]:
    out = [PredFormulation(m.group(0), m.group(1), "quoted") for m in _QUOTED.finditer(text)]
    out += [PredFormulation(m.group(0), m.group(0), "numbered") for m in _NUMBERED.finditer(text)]
    return out


def predict_with_names(text: str, pub_date: str | None, names: Iterable[tuple[int, int, str]]) -> Prediction:
    """A peer's prediction given the person names its tagger found."""
    return Prediction(officials=assign_posts(text, names, find_posts(text)),
                      events=find_events(text, pub_date), formulations=find_formulations(text))


def tokens_to_names(text: str, tokens: Iterable[tuple[str, str]], tags: frozenset[str]) -> list[tuple[int, int, str]]:
    """Offsets of the tokens whose tag is a person tag (tokens are found left to right)."""
    out = []
    pos = 0
    for word, tag in tokens:
        i = text.find(word, pos)
        if i == -1:
            continue
        pos = i + len(word)
        if tag in tags and 2 <= len(word) <= 4:
            out.append((i, pos, word))
    return out


# ---------------------------------------------------------------- the peers


def regex_peer(text: str, pub_date: str | None) -> Prediction:
    """Post-list regex, then the 2–3 characters after the post are the name."""
    posts = find_posts(text)
    names = []
    for _, _, pe, _ in posts:
        run = _CJK_RUN.match(text, pe)
        if not run or len(run.group()) < 2:
            continue
        n = 3 if len(run.group()) >= 3 and run.group()[2] not in _AFTER_NAME_CHARS else 2
        names.append((pe, pe + n, run.group()[:n]))
    return Prediction(officials=assign_posts(text, names, posts), events=find_events(text, pub_date),
                      formulations=find_formulations(text))


@cache
def _jieba():  # noqa: ANN202
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.posseg


def jieba_warm() -> None:
    _jieba()


def jieba_peer(text: str, pub_date: str | None) -> Prediction:
    """jieba.posseg person names (``nr``)."""
    tokens = ((p.word, p.flag) for p in _jieba().cut(text))
    return predict_with_names(text, pub_date, tokens_to_names(text, tokens, frozenset({"nr"})))


def lac_peer_from_tokens(text: str, pub_date: str | None, tokens: Sequence[tuple[str, str]]) -> Prediction:
    """LAC person names (``PER``), tokens produced by ``lac_worker.py`` in the LAC venv."""
    return predict_with_names(text, pub_date, tokens_to_names(text, tokens, frozenset({"PER"})))
