"""A mutation fuzzer over real-looking reports: what every input must satisfy, and how inputs are made.

``check`` runs one input (bytes or str) the way ``readout ingest`` and ``readout.read`` do
and classifies it: ``ok`` (documents, every span exact, the offset map valid, rows buildable),
``coded`` (a ``ReadoutError`` from the catalogue), ``slow`` (E020: over the time limit),
``violation`` (a span, an offset or a row is wrong) or ``exception`` (anything uncaught).
``Mutator`` makes inputs from seed texts — sentences written for this file in the genre of
the corpus, plus the bundled example — by inserting, deleting, repeating and splicing
pieces, wrapping them in HTML, JSON or markdown, re-encoding and corrupting bytes, and
(for a share of cases) repeating a piece up to a large size to look for superlinear time.

Used by ``tests/test_fuzz.py`` (a few hundred cases in ``make test``) and ``scripts/fuzz.py``
(``make fuzz``: 10⁵ cases and more, with a report of slow inputs).
"""

from __future__ import annotations

import json
import random
import time
import traceback
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "2019-09-theme-education-roundup.txt"

# Written for this fuzzer (no third-party text): the shapes the stages look for.
SENTENCES = (
    "2019年9月9日，天津召开“不忘初心、牢记使命”主题教育第一批总结暨第二批部署会议。",
    "市委书记李鸿忠出席会议并讲话，强调要推动学习往深里走、往心里走、往实里走。",
    "9月10日上午，江苏省委常委会召开会议，省委书记娄勤俭主持会议。",
    "中共中央总书记、国家主席、中央军委主席习近平在北京出席会议并发表重要讲话。",
    "习近平总书记指出，要坚决做到“两个维护”，增强“四个意识”、坚定“四个自信”。",
    "中共中央政治局常委李强、赵乐际、王沪宁出席。",
    "他强调，要坚持主题不变、标准不降、力度不减，把四项重点措施贯穿始终。",
    "今天（3月5日）是学雷锋纪念日，各地开展志愿服务活动。\n北京开展便民服务。\n广东在社区举办义诊。",
    "10日至12日，国务院总理李强在海南调研，在海南省委书记冯飞陪同下考察了港口。",
    "截至2023年底，全省累计建成5G基站12万个，同比增长30%。",
    "内蒙古自治区党委书记孙绍骋在呼和浩特主持召开座谈会。",
    "新华社北京9月9日电 中央全面深化改革委员会召开第十次会议。",
    "《求是》杂志第18期发表习近平总书记的重要文章。",
    "会议传达学习了习近平新时代中国特色社会主义思想和党的二十大精神。",
    "2005年，时任浙江省委书记的习近平同志在余村考察。",
    "省委副书记、省长王清宪，省政协主席唐良智出席。",
    "全国人大常委会委员长赵乐际在人民大会堂会见外宾。",
    "11月3日，湖北省人大常委会举行第五次会议，审议有关法规草案。",
    "市委書記李鴻忠出席會議並講話。",
    "G20 峰会于9月4日至5日在杭州举行。",
)
HTML_TAGS = ("<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<h1>", "</h1>", "<span class=x>", "</span>",
             "<!--", "-->", "<script>", "</script>", "<title>", "</title>", "<ul><li>", "</li></ul>", "<a href=\"/x\">",
             "</a>", "<div class=\"share\">", "<table><tr><td>", "</td></tr></table>", "<", ">", "&amp;", "&#12345;",
             "&nbsp;", "&#x4e00;", "&bogus;", "<![CDATA[", "]]>", "<?xml ?>", "<!doctype html>")
MARKDOWN = ("**", "### ", "# ", "> ", "- ", "* ", "[", "]", "(", ")", "](", "![", "---\n", "\\", "`")
PIECES = ("2019年9月9日", "9日", "至10日", "二〇一九年九月九日", "今天", "昨天", "省委书记", "市长", "主席", "总书记",
          "李强", "习近平", "他强调，", "指出：", "“", "”", "、", "，", "。", "\n", "\n\n", "召开会议", "在京", "全国",
          "北京", "天津市", "新疆生产建设兵团", "各省、自治区、直辖市", "两个维护", "四个意识", "常委会", "政协",
          "·", "（", "）", "《", "》", "年", "月", "号")
CHARS = ("\u3000", "\u200b", "\u00a0", "\ufeff", "\u202e", "\r", "\t", " ", "\x00", "\x0b", "\u2028", "😀", "é",
         "\u0301", "𠀀", "ｱ", "Ａ", "１", "\uffff", "\ue000", "一", "丨", "亅")


def seeds() -> list[str]:
    """Seed texts: each sentence with a title line, a few stitched together, and the bundled report."""
    out = [f"标题{i}\n{s}" for i, s in enumerate(SENTENCES)]
    out.append("会议报道\n" + "\n".join(SENTENCES))
    if EXAMPLE.exists():
        out.append(EXAMPLE.read_text("utf-8"))
    return out


class Mutator:
    """Random inputs from ``seeds()``; the same ``seed`` gives the same sequence."""

    def __init__(self, seed: int = 0, big_share: float = 0.0, max_chars: int = 1_000_000) -> None:
        self.rng = random.Random(seed)
        self.seeds = seeds()
        self.big_share = big_share
        self.max_chars = max_chars

    def _piece(self) -> str:
        r = self.rng
        pool = r.choice((SENTENCES, HTML_TAGS, MARKDOWN, PIECES, CHARS))
        return r.choice(pool)

    def _mutate(self, t: str) -> str:
        r = self.rng
        n = len(t)
        i, j = sorted((r.randint(0, n), r.randint(0, n)))
        op = r.randrange(9)
        if op == 0:
            return t[:i] + self._piece() + t[i:]
        if op == 1:
            return t[:i] + t[j:] if j - i < n else t
        if op == 2:  # copy a slice elsewhere
            k = r.randint(0, n)
            return t[:k] + t[i:j][:2000] + t[k:]
        if op == 3:
            return t[:i] + t[i:j][:200] * r.randint(2, 20) + t[j:]
        if op == 4:
            return t[:i] + r.choice(self.seeds)[:2000] + t[i:]
        if op == 5:
            return t[:i] + r.choice(CHARS) + t[i + 1:]
        if op == 6:
            return t[: max(1, i)]
        if op == 7:
            return t[:i] + "".join(self._piece() for _ in range(r.randint(2, 12))) + t[j:]
        return t[j:] + t[:i]

    def _wrap(self, t: str) -> str:
        r = self.rng
        title, _, body = t.partition("\n")
        k = r.randrange(6)
        if k == 0:
            paras = "".join(f"<p>{p}</p>" for p in body.split("\n"))
            return f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div id=content_area>{paras}</div></body></html>"
        if k == 1:
            return json.dumps({"title": title, "content": body, "date": "2019-09-10"}, ensure_ascii=r.random() < 0.5)
        if k == 2:
            return "\n".join(json.dumps({"title": title, "text": p}, ensure_ascii=False) for p in body.split("\n") if p)
        if k == 3:
            return f"# 2019-09-10\n\n### {title}\n\n{body}\n\n### 第二条\n\n{body[:200]}"
        if k == 4:
            return f"1{title}.txt\n" + "".join(f"<p>{p}</p>" for p in body.split("\n"))
        return t

    def _grow(self, t: str) -> str:
        """Repeat a short slice (or the whole text) up to a large size: the superlinear-time probe."""
        r = self.rng
        target = int(10 ** r.uniform(4.5, 6.0))
        target = min(target, self.max_chars)
        if r.random() < 0.5 and len(t) > 8:
            i = r.randrange(len(t) - 4)
            unit = t[i:i + r.randint(2, 40)]
        else:
            unit = t
        title = t.partition("\n")[0][:40]
        return title + "\n" + unit * max(1, (target - len(title)) // max(1, len(unit)))

    def case(self) -> str | bytes:
        """One input: a mutated, maybe wrapped, maybe grown text; sometimes as damaged bytes."""
        r = self.rng
        t = r.choice(self.seeds)
        for _ in range(r.choice((0, 1, 1, 2, 3, 5, 8))):
            t = self._mutate(t)
        if r.random() < 0.25:
            t = self._wrap(t)
        if r.random() < self.big_share:
            t = self._grow(t)
        if r.random() < 0.15:
            enc = r.choice(("utf-8", "gb18030", "utf-16", "utf-8-sig", "big5"))
            data = bytearray(t.encode(enc, errors="replace"))
            for _ in range(r.randint(0, 3)):
                if data:
                    data[r.randrange(len(data))] = r.randrange(256)
            if data and r.random() < 0.3:
                del data[r.randrange(len(data)):]
            return bytes(data)
        return t


@dataclass
class Outcome:
    kind: str  # ok | coded | slow | violation | exception
    detail: str
    seconds: float  # reading: bytes → records → documents (wall clock), not the checks after it
    chars: int
    cpu: float = 0.0  # the same in CPU time (the machine may be shared)


def check(case: str | bytes, time_limit: float = 30.0, rows: bool = True) -> Outcome:
    """Run one input through ingest + every stage (+ JSON and row building, unless ``rows`` is
    False: they cost more than reading) and classify what happened."""
    from readout import pipeline
    from readout.clean import Cleaned, verify_offsets
    from readout.errors import ReadoutError
    from readout.ingest import records_from_bytes
    from readout.store.rows import doc_rows

    data = case if isinstance(case, bytes) else case.encode("utf-8", errors="surrogatepass")
    chars = len(case)
    t0, c0 = time.perf_counter(), time.process_time()
    took = [0.0, 0.0]

    def outcome(kind: str, detail: str = "") -> Outcome:
        if not took[0]:
            took[:] = time.perf_counter() - t0, time.process_time() - c0
        return Outcome(kind, detail, took[0], chars, took[1])

    try:
        with pipeline.time_limit(time_limit, "<fuzz>"):
            if isinstance(case, str) and pipeline_read_as_text(case):
                records = None
                docs = [pipeline.read(case)]
            else:
                records = records_from_bytes(data, "<fuzz>", max_bytes=1 << 30)
                docs = [pipeline.build(r) for r in records]
        outcome("ok")  # the time to read, before the checks
        for k, doc in enumerate(docs):
            try:
                doc.verify()
                if records is not None:
                    verify_offsets(records[k].raw_text, Cleaned(doc.text, doc.title, doc.raw_offsets))
            except (ReadoutError, ValueError) as exc:
                return outcome("violation", f"{type(exc).__name__}: {exc}")
            if rows:
                json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")
                doc_rows(doc, data)
    except ReadoutError as exc:
        return outcome("slow" if exc.code == "E020" else "coded", exc.code)
    except Exception as exc:  # noqa: BLE001 - the point is to catch everything
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        return outcome("exception", f"{type(exc).__name__} at {Path(tb.filename).name}:{tb.lineno}: {str(exc)[:120]}")
    return outcome("ok")


def pipeline_read_as_text(case: str) -> bool:
    """Half the str cases (by a checksum, so a case is always run the same way) go through
    ``readout.read``, the API; the rest through bytes, as files are."""
    return zlib.crc32(case.encode("utf-8", errors="surrogatepass")) & 1 == 0
