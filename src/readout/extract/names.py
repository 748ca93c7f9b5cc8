"""Personal names: where a name written next to a post begins and ends, without a name list.

A Chinese name is a surname and one or two given characters; the text goes on with a
word. Which reading is right ("李成说" → 李成 + 说, "李永刚告诉" → 李永刚 + 告诉, "苏林举行"
→ 苏林 + 举行) is a small segmentation problem: each reading is scored as

    log P(given characters) + best unigram segmentation of the next few characters

and the higher score wins; a name at all only when it beats reading the same stretch as
ordinary words ("书记强调" is not 强调 the person). The probabilities come from jieba's
dictionary (MIT, a dependency already): word frequencies for the segmentation, and its
person-name entries (tag ``nr``) for how often a character is a given name or a surname.

Foreign names (普京, 达维塔什维利, 弗拉基米尔·普京) are runs of transliteration characters —
those of the dictionary's transliterated names (``nrt``) and of the country names in
``countries.tsv`` — up to the word that opens the predicate (会见, 表示, 在 …).
"""

from __future__ import annotations

import importlib.util
import math
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from readout.errors import Errors, ReadoutError
from readout.resources import read_table

_MIN_FREQ = 5  # dictionary words rarer than this are noise for the segmentation
_UNKNOWN = -17.0  # log P of a character the dictionary does not know as a word
# Parts of speech (jieba's tags) of words that open a predicate or end a noun phrase:
# verbs, prepositions, conjunctions, particles, adverbs, pronouns, time and locality words.
_PREDICATE_TAGS = frozenset("v vd vi vg vn p c u ud ug uj ul uv uz d dg r rr rz t tg f y e".split())
# Function words: never part of a transliterated name (和, 在, 与, 也 …).
_FUNCTION_TAGS = frozenset("p c u ud ug uj ul uv uz d dg r rr rz y e".split())
# tags of words that may not begin a post either (据, 于, 有关, 对于 …): prepositions,
# conjunctions, particles, pronouns, adverbs and verbs
_NOT_POST_START_TAGS = frozenset("p c u ud ug uj ul uv uz r rr rz d dg v vd vi y e".split())
# margin (natural log) by which a name reading must beat the ordinary-word reading;
# negative: a post right before it makes a name likely (measured on the tuning split)
NAME_MARGIN = -3.0
_WINDOW = 3  # characters read after the given name
_FREQUENT_WORD = math.log(500 / 60_000_000)
_RARE_WORD = math.log(20 / 60_000_000)  # a predicate word this rare does not end a transliteration (马当 in 奥巴马当天)  # a word this frequent is no part of a foreign name (警告)
_COMMON_WORD = 2000  # jieba frequency from which a two-character word is too common to open a foreign name
_FREQUENT_AS_WORD = 1000  # ... and from which it is read as the word, not as surname + given name
_NAME_TAGS = ("nr", "nrt", "nrfg", "ns")  # person and place names (高峰, 汪洋, 江山)
_FREQUENT_CHAR = math.log(5000 / 60_000_000)
_FUNCTION_CHAR = math.log(20000 / 60_000_000)  # a function word this frequent (和, 在, 与) starts no name after a head  # a one-character word this frequent (说, 称, 在) ends a foreign name


@dataclass(frozen=True, slots=True)
class NameModel:
    words: dict[str, float]  # log P(word) for dictionary words of 1–4 characters
    predicate: frozenset[str]  # words that open a predicate (verbs, prepositions, particles …)
    not_post_start: frozenset[str]  # words a post cannot begin with (据, 于, 对于 …)
    not_post_first: frozenset[str]  # the first characters of those words
    function: frozenset[str]  # one-character function words (和, 在, 与 …): never begin a name
    common: frozenset[str]  # frequent two-character words that are not names (世界, 发展): never begin a foreign name
    frequent: frozenset[str]  # two-character words, not names, frequent enough to be read as words after a post (人选, 任命)
    given: dict[str, float]  # log P(a given-name character)
    surname: dict[str, float]  # log P(surname), single and compound
    compound: frozenset[str]  # two-character surnames
    translit: frozenset[str]  # characters of transliterated foreign names


def _jieba_dictionary() -> Iterator[list[str]]:
    """jieba's ``dict.txt`` rows (word, frequency, tag), read without importing jieba (a second's import)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ReadoutError(Errors.E301, feature="reading names next to posts", extra="jieba")
    with open(os.path.join(os.path.dirname(spec.origin), "dict.txt"), encoding="utf-8") as fh:
        for ln in fh:
            yield ln.split()


@cache
def load_model() -> NameModel:
    """Build the name model from jieba's dictionary, surnames.tsv and countries.tsv (once per process)."""
    surnames = [r["surname"] for r in read_table("surnames.tsv", ("surname", "source"))]
    single = {s for s in surnames if len(s) == 1}
    compound = frozenset(s for s in surnames if len(s) == 2)
    freq: dict[str, int] = {}
    grand = 0  # every entry's count: the unigram model's denominator
    predicate, not_start, function, common, frequent = set(), set(), set(), set(), set()
    given: Counter[str] = Counter()
    first: Counter[str] = Counter()
    translit: Counter[str] = Counter()
    for w, fs, t in _jieba_dictionary():
        if t == "nr" and len(w) == 3 and w[0] in single:
            first[w[0]] += 1
            given.update(w[1:])
        elif t == "nr" and len(w) == 4 and w[:2] in compound:
            first[w[:2]] += 1
            given.update(w[2:])
        elif (t == "nrt" and len(w) >= 3) or (t == "nr" and len(w) >= 4 and w[0] not in single):
            translit.update(w)
        f = int(fs)
        grand += f
        if len(w) > 4 or f < _MIN_FREQ:
            continue
        freq[w] = f
        if t in _PREDICATE_TAGS:
            predicate.add(w)
        if t in _NOT_POST_START_TAGS:
            not_start.add(w)
        if t in _FUNCTION_TAGS and len(w) == 1:
            function.add(w)
        if len(w) == 2 and f >= _FREQUENT_AS_WORD and t not in _NAME_TAGS:
            frequent.add(w)
            if f >= _COMMON_WORD:
                common.add(w)
    total = math.log(grand)
    words = {w: math.log(f) - total for w, f in freq.items()}
    n_given, n_first = sum(given.values()), sum(first.values())
    country_chars = {c for r in read_table("countries.tsv", ("iso", "short"), header=False) for c in r["short"]}
    chars = {c for c, n in translit.items() if n >= 8} | country_chars
    # a function word (和, 在, 与 …) never continues a foreign name
    chars -= {c for c in function if translit[c] < 40}  # 特, 斯 stay: transliterations use them a lot
    # and the characters of the dotted (Uyghur, Kazakh …) names of leaders.tsv: 阿不都, 吾布力
    chars |= {c for r in read_table("leaders.tsv", ("name", "source")) if "·" in r["name"] for c in r["name"] if _cjk(c)}
    return NameModel(
        words=words,
        predicate=frozenset(predicate),
        not_post_start=frozenset(not_start),
        not_post_first=frozenset(w[0] for w in not_start),
        function=frozenset(c for c in function if words.get(c, _UNKNOWN) > _FUNCTION_CHAR),
        common=frozenset(common),
        frequent=frozenset(frequent),
        given={c: math.log(n + 0.5) - math.log(n_given) for c, n in given.items()},
        surname={s: math.log(first.get(s, 0) + 0.5) - math.log(n_first) for s in surnames},
        compound=compound,
        translit=frozenset(chars),
    )


def _cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def suffix_scores(s: str, words: dict[str, float]) -> list[float]:
    """``out[k]``: the best unigram log-probability of ``s[k:]`` cut into dictionary words
    (a character that is not Han costs nothing, so punctuation ends every reading alike)."""
    n = len(s)
    out = [0.0] * (n + 1)
    get = words.get
    for k in range(n - 1, -1, -1):
        c = s[k]
        if not ("\u4e00" <= c <= "\u9fff"):
            out[k] = out[k + 1]
            continue
        best = get(c, _UNKNOWN) + out[k + 1]
        for ln in range(2, min(4, n - k) + 1):
            lp = get(s[k:k + ln])
            if lp is not None and lp + out[k + ln] > best:
                best = lp + out[k + ln]
        out[k] = best
    return out


def surname_at(norm: str, i: int, model: NameModel) -> int:
    """Length of the surname written at ``i`` (2 for 欧阳, 1 for 王), or 0."""
    if norm[i:i + 2] in model.compound:
        return 2
    return 1 if norm[i:i + 1] in model.surname else 0


def han_name_end(norm: str, i: int, model: NameModel, margin: float | None = NAME_MARGIN) -> int:
    """End of the likelier Han name that starts at ``i`` (surname + one or two given
    characters), or -1. With ``margin`` None the text is taken to hold a name there
    (a notice's "…同志任…"); otherwise the name must beat the ordinary-word reading by it."""
    s = surname_at(norm, i, model)
    g = i + s
    if not s or g >= len(norm) or not _cjk(norm[g]):
        return -1
    given = model.given
    window = norm[i:g + 2 + _WINDOW]
    suf = suffix_scores(window, model.words)
    one = suf[s + 1]  # 李成 | 说…
    two = -1e9
    if s + 1 < len(window) and _cjk(window[s + 1]):
        two = given.get(window[s + 1], _UNKNOWN) + suf[s + 2]  # 李永刚 | 告诉…
    end = g + 2 if two > one else g + 1
    if margin is None:
        return end
    name = model.surname.get(norm[i:g], _UNKNOWN) + given.get(norm[g], _UNKNOWN) + max(one, two)
    return end if name - suf[0] >= margin else -1


_HYPHENS = "-－"
# the middle dot and the look-alikes some copy has instead (卡尔十六世•古斯塔夫, 阿卜杜拉布.曼苏尔.哈迪)
_DOTS = "·•・‧．."
# words written after a name, not part of it (赫泽高女士一行, 坎托一行)
_AFTER_NAME = ("女士", "先生", "夫人", "一行", "阁下", "夫妇", "等人", "独家", "亲王", "王子", "公主",
               "致电", "致函", "致信", "致辞", "致贺", "致慰", "致唁", "致以", "致敬")  # …向斯里兰卡总统西里塞纳致慰问电


def foreign_name_end(norm: str, i: int, model: NameModel, lead: bool = False) -> int:
    """End of a transliterated name at ``i`` (parts joined by "·" or a hyphen allowed), or -1.

    The name runs on to the first word that opens a predicate (会见, 表示, 在 …); a
    transliteration character (肯, 会 …) ends it only where a longer predicate word begins.
    ``lead``: the first character is taken whatever it is (冯德莱恩)."""
    if norm[i:i + 2] in model.common:
        return -1
    n, j, run, total = len(norm), i + lead, int(lead), int(lead)
    parts = 1
    dotted = any(d in norm[i:i + 10] for d in _DOTS)  # 雪克来提·扎克尔: the dot says foreign whatever the characters
    while j < n and total < 16:
        c = norm[j]
        if c in _DOTS and run and j + 1 < n and _cjk(norm[j + 1]):
            j, run, parts = j + 1, 0, parts + 1
            continue
        # older copy and some names join the parts with a hyphen (巴沙尔-阿萨德, 迪亚斯-卡内尔):
        # a join only between transliteration runs, so 中国-东盟 stays two names of states
        if c in _HYPHENS and run >= 2 and (dotted or norm[j + 1:j + 2] in model.translit):
            j, run = j + 1, 0
            continue
        if not _cjk(c):
            break
        if c in model.translit:
            if run >= 2 and (any(norm[j:j + k] in model.predicate and model.words[norm[j:j + k]] > _RARE_WORD
                                 for k in (4, 3, 2)) or norm.startswith(_AFTER_NAME, j)):
                break
        elif (run < 1 and not dotted) or strong_predicate(norm, j, model) or _word_at(norm, j, model) \
                or norm.startswith(_AFTER_NAME, j):
            break  # a name starts with a transliteration character; an ordinary word ends it (警告)
        j, run, total = j + 1, run + 1, total + 1
    if run >= 3 and norm[j - 1] == "时" and strong_predicate(norm, j, model):
        j, run = j - 1, run - 1  # "会见…朱马利时，": when, not a syllable
    # a verb read whole is no name ("欢迎奥地利总统访华")
    # the last part of a dotted name may be one character before punctuation or a verb (伊姆兰·汗邀请)
    one = run == 1 and parts > 1 and (norm.startswith(_AFTER_NAME, j) or strong_predicate(norm, j, model))
    return j if (run >= 2 or one) and norm[i:j] not in model.predicate else -1


def opens_predicate(norm: str, i: int, model: NameModel) -> bool:
    """True when what starts at ``i`` can follow a subject: punctuation, the end, or a
    verb, preposition, conjunction, particle, adverb or time word (表示, 在, 和, 昨日 …)."""
    if i >= len(norm) or not _cjk(norm[i]):
        return True
    pred = model.predicate
    return any(norm[i:i + k] in pred for k in (4, 3, 2, 1))


def strong_predicate(norm: str, i: int, model: NameModel) -> bool:
    """Punctuation or the end at ``i``, a predicate word of two or more characters, or a
    frequent one-character one (说, 在, 和)."""
    if i >= len(norm) or not _cjk(norm[i]):
        return True
    if any(norm[i:i + k] in model.predicate for k in (4, 3, 2)):
        return True
    c = norm[i]
    return c in model.predicate and model.words.get(c, _UNKNOWN) > _FREQUENT_CHAR


def _word_at(norm: str, i: int, model: NameModel) -> bool:
    """A frequent dictionary word of two or more characters starts at ``i``."""
    return any(model.words.get(norm[i:i + k], _UNKNOWN) > _FREQUENT_WORD for k in (2, 3, 4))


def function_word_at(norm: str, i: int, model: NameModel) -> int:
    """Length of the longest word at ``i`` that a post cannot begin with (据, 于, 对于 …), or 0."""
    words, stop = model.words, model.not_post_start
    if not any(norm[i:i + k] in stop for k in (1, 2, 3, 4)):
        return 0
    for k in (4, 3, 2, 1):
        w = norm[i:i + k]
        if len(w) == k and w in words:
            return k if w in model.not_post_start else 0
    return 0
