"""Generate a corpus of malformed inputs, each with the code ``readout ingest`` must give it.

    python scripts/malformed_corpus.py OUT [--full]

writes ``OUT/corpus/`` (the folder to ingest), ``OUT/outside/`` (targets of symlinks that
lead out of it) and ``OUT/expected.json``::

    {"args": [extra ingest arguments: the limits the expectations assume],
     "extra": [[a path named on the command line, its code], ...],
     "cases": [{"kind": ..., "source": the source readout records, "code": "E0xx" or "ok"}, ...]}

A source with code "ok" must be stored as a document; any other code must be in the
store's ``rejected`` table for that source. Everything is written here, by this script:
no third-party file. ``--full`` adds the large cases of issue 14 (a zip of 25 × 45 MB
members, ``[`` × 10⁶, 10⁶ short lines) for measuring time and peak memory.
"""

from __future__ import annotations

import argparse
import bz2
import codecs
import gzip
import io
import json
import lzma
import os
import random
import socket
import sqlite3
import stat
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

# The limits the expectations below assume (passed to `readout ingest`).
MAX_BYTES = 4_000_000
MAX_CHARS = 600_000
MAX_UNPACKED = 6_000_000
MAX_MEMBERS = 200
ARGS = ["--max-bytes", str(MAX_BYTES), "--max-chars", str(MAX_CHARS), "--max-unpacked", str(MAX_UNPACKED),
        "--max-members", str(MAX_MEMBERS)]

_COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"


def story(i: int, extra: str = "") -> str:
    """A short report of our own making; ``i`` makes its bytes (and so its document id) unique."""
    return (f"某省召开第{i}次工作推进会议\n"
            f"2019年9月{i % 28 + 1}日，某省召开第{i}次工作推进会议。省委书记张明出席会议并讲话。"
            f"会议强调，要坚持稳中求进工作总基调，推动各项工作落实落地。{extra}\n")


def random_cjk(n: int, seed: int) -> str:
    """``n`` characters in random order (so it barely compresses), with a full stop every 40."""
    rnd = random.Random(seed)
    return "".join("。" if k % 40 == 39 else rnd.choice(_COMMON) for k in range(n))


def zip_bytes(members: list[tuple[str, bytes]], **kw: object) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, **kw) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def tar_bytes(members: list[tarfile.TarInfo | tuple[str, bytes]], mode: str = "w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as t:
        for m in members:
            if isinstance(m, tarfile.TarInfo):
                t.addfile(m)
            else:
                info = tarfile.TarInfo(m[0])
                info.size = len(m[1])
                t.addfile(info, io.BytesIO(m[1]))
    return buf.getvalue()


def special(name: str, kind: bytes, target: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


class Corpus:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.root = out / "corpus"
        self.outside = out / "outside"
        self.root.mkdir(parents=True)
        self.outside.mkdir()
        self.cases: list[dict[str, str]] = []
        self.extra: list[list[str]] = []
        self.n = 0

    def src(self, rel: str) -> str:
        return str(self.root / rel)

    def expect(self, kind: str, source: str, code: str) -> None:
        self.cases.append({"kind": kind, "source": source, "code": code})

    def file(self, kind: str, rel: str, data: bytes | str, code: str) -> str:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.expect(kind, str(p), code)
        return str(p)

    def good(self) -> str:
        self.n += 1
        return story(1000 + self.n)


def decoding(c: Corpus) -> None:
    s = c.good
    c.file("empty file", "dec/empty.txt", b"", "E002")
    c.file("whitespace only", "dec/blank.txt", b"  \n\r\n\t ", "E002")
    c.file("UTF-8 BOM only", "dec/bom.txt", codecs.BOM_UTF8 + b"\n", "E002")
    c.file("UTF-16 BOM and spaces", "dec/bom16.txt", "\ufeff   \n".encode("utf-16-le"), "E002")
    c.file("PNG", "dec/image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "E004")
    c.file("PNG named .txt", "dec/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "E004")
    c.file("JPEG", "dec/photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100), "E004")
    c.file("PDF", "dec/doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(100), "E004")
    c.file("ELF executable", "dec/prog", b"\x7fELF\x02\x01\x01" + bytes(200), "E004")
    c.file("OLE (old .doc)", "dec/old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "E004")
    c.file("WOFF font", "dec/font.woff", b"wOFF" + bytes(100), "E004")
    c.file("7z archive (unsupported)", "dec/a.7z", b"7z\xbc\xaf\x27\x1c" + bytes(100), "E004")
    c.file("RAR archive (unsupported)", "dec/a.rar", b"Rar!\x1a\x07\x00" + bytes(100), "E004")
    c.file("GIF", "dec/anim.gif", b"GIF89a" + bytes(100), "E004")
    c.file("WAV (RIFF)", "dec/sound.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(100), "E004")
    c.file("Ogg", "dec/sound.ogg", b"OggS\x00\x02" + bytes(100), "E004")
    c.file("ICO", "dec/favicon.ico", b"\x00\x00\x01\x00\x01\x00" + bytes(100), "E004")
    c.file("UTF-32 BOM then garbage", "dec/u32.txt", codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff" * 100, "E003")
    c.file("MP4", "dec/clip.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(100), "E004")
    db = c.root / "dec" / "other.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    c.expect("an SQLite file", str(db), "E004")
    c.file("NULs and control bytes", "dec/nul.bin", b"abc\x00\x00\x00\x01\x02def" * 20, "E004")
    c.file("NUL bytes only", "dec/zeros.txt", bytes(64), "E004")
    c.file("a NUL inside UTF-8 text", "dec/nul_in_text.txt", s().encode() + b"\x00" + s().encode(), "E004")
    c.file("high bytes, no encoding fits", "dec/high.txt", bytes(range(0x80, 0x100)) * 3, "E003")
    c.file("repeated invalid pair", "dec/81ff.txt", b"\x81\xff" * 50, "E003")
    c.file("UTF-16 BOM then lone surrogates", "dec/surr16.txt",
           codecs.BOM_UTF16_LE + b"\x00\xd8" * 200, "E003")
    # tolerated: a few bad bytes are replaced and reported, the document is kept
    c.file("a stray 0xFF in UTF-8", "dec/stray_ff.txt", s().encode().replace("会议强调".encode(), b"\xff" + "会议强调".encode()), "ok")
    c.file("last character cut", "dec/cut_last.txt", s().encode() + "完".encode()[:2], "ok")
    c.file("BOM-less UTF-16 LE", "dec/u16le.txt", s().encode("utf-16-le"), "ok")
    c.file("BOM-less UTF-16 BE", "dec/u16be.txt", s().encode("utf-16-be"), "ok")
    c.file("UTF-16 with BOM", "dec/u16bom.txt", s().encode("utf-16"), "ok")
    c.file("UTF-8 with BOM", "dec/u8bom.txt", codecs.BOM_UTF8 + s().encode(), "ok")
    c.file("GB18030", "dec/gb.txt", s().encode("gb18030"), "ok")
    c.file("Big5 (traditional)", "dec/big5.txt", "某省召開工作會議\n2019年9月9日，某省召開工作會議。省委書記張明出席會議並講話。"
           "會議強調，要堅持穩中求進工作總基調，推動各項工作落實落地。".encode("big5"), "ok")
    c.file("UTF-16 BOM with one lone surrogate", "dec/one_surr16.txt",
           codecs.BOM_UTF16_LE + s().encode("utf-16-le") + b"\x00\xd8" + "。".encode("utf-16-le"), "ok")
    c.file("CRLF line ends", "dec/crlf.txt", s().replace("\n", "\r\n"), "ok")
    c.file("CR line ends", "dec/cr.txt", s().replace("\n", "\r"), "ok")
    c.file("U+2028 line separators", "dec/u2028.txt", s().replace("。", "。\u2028"), "ok")
    c.file("zero-width and private-use characters", "dec/zw.txt", s().replace("省", "省\u200b\ue000"), "ok")


def markup(c: Corpus) -> None:
    s = c.good
    c.file("markup only", "html/empty_div.html", "<div><span></span></div>", "E007")
    c.file("empty page", "html/empty_page.html", "<html><head></head><body></body></html>", "E007")
    c.file("script only", "html/script.html", "<html><body><script>var a = 1;</script></body></html>", "E007")
    c.file("comments only", "html/comment.html", "<html><body><!-- 习近平 --></body></html>", "E007")
    c.file("5 × 10⁴ nested <div>", "html/deep_div.html",
           "<html><body>" + "<div>" * 50_000 + s() + "</div>" * 50_000 + "</body></html>", "ok")
    c.file("10⁵ unclosed <div>", "html/open_div.html", "<html><body>" + "<div>" * 100_000 + s() + "</body></html>",
           "ok")
    c.file("10⁴ nested <b>", "html/deep_b.html", "<html><body><p>" + "<b>" * 10_000 + s() + "</p></body></html>",
           "ok")
    c.file("10⁵ nested <div> in a fragment", "html/frag_div.html", "<div>" * 100_000 + s() + "</div>" * 100_000,
           "E022")
    c.file("400 nested <div>", "html/div400.html",
           "<html><body>" + "<div>" * 400 + s() + "</div>" * 400 + "</body></html>", "ok")
    c.file("10⁴ unclosed <p>", "html/unclosed_p.html", "<html><body>" + "<p>" * 10_000 + s() + "</body></html>", "ok")
    c.file("a full page", "html/page.html", f"<html><head><title>某省会议</title></head><body><p>{s()}</p></body></html>",
           "ok")
    c.file("seed format: title line and HTML body", "html/seed.txt", "某省会议\n<div><p>" + s() + "</p></div>", "ok")
    c.file("unterminated tag", "html/open_tag.html", "<div><p>" + s() + "<a href='x", "ok")


def json_cases(c: Corpus) -> None:
    s = c.good
    c.file("[ × 10⁵", "json/deep_list.json", "[" * 100_000, "E017")
    c.file("{\"a\": × 10⁵", "json/deep_obj.json", '{"a":' * 100_000, "E017")
    c.file("[ × 10⁵ named .txt", "json/deep_list.txt", "[" * 100_000, "E017")
    c.file("BOM then [ × 10⁴", "json/bom_deep.json", codecs.BOM_UTF8 + b"[" * 10_000, "E017")
    c.file("a text field nested 600 deep", "json/deep_text.json", '{"text": ' + "[" * 600 + '"x"' + "]" * 600 + "}",
           "E017")
    c.file("empty list", "json/empty_list.json", "[]", "E011")
    c.file("empty container", "json/empty_records.json", '{"records": []}', "E011")
    c.file("empty object", "json/empty_obj.json", "{}", "E011")
    c.file("empty text field", "json/empty_text.json", '{"title": "t", "text": ""}', "E011")
    c.file("truncated JSON", "json/truncated.json", '{"title": "某省会议", "text": "2019年9月9日，某省召', "E006")
    c.file("plain text named .json", "json/not_json.json", s(), "E006")
    c.file("null", "json/null.json", "null", "E011")
    c.file("a JSON string", "json/string.json", '"某省会议"', "E011")
    c.file("a list of numbers", "json/numbers.json", "[1, 2, 3]", "E011")
    c.file("JSON lines of lists", "json/lists.jsonl", "[1]\n[2]\n", "E011")
    c.file("an overflowing number", "json/inf.json", "[1e999999]", "E011")
    c.file("BOM then broken JSON", "json/bom_broken.json", codecs.BOM_UTF8 + b'{"text": ', "E006")
    c.file("a lone surrogate escape", "json/surrogate.json", '{"title": "某省\\ud800会议", "text": "' +
           s().replace("\n", " ") + '\\udc00"}', "ok")
    c.file("a label file", "json/labels.json", json.dumps([{"id": i, "label": "x"} for i in range(5)]), "E011")
    c.file("records with empty texts", "json/empty_texts.jsonl", '{"text": ""}\n{"text": ""}\n', "E011")
    c.file("JSON lines, all broken", "json/broken.jsonl", '{"text": \n{"text": \n', "E006")
    p = c.file("JSON lines, one broken line", "json/mixed.jsonl",
               json.dumps({"text": s()}, ensure_ascii=False) + "\n{broken\n", "ok")
    c.cases[-1]["source"] = p + "#1"
    c.expect("JSON lines, the broken line", p + ":2", "E006")
    p = c.file("a list with a non-object", "json/list_mixed.json", json.dumps([{"text": s()}, 5], ensure_ascii=False),
               "ok")
    c.cases[-1]["source"] = p + "#1"
    c.expect("the non-object record", p + "#2", "E006")
    c.file("a good record", "json/good.json", json.dumps({"title": "某省会议", "text": s()}, ensure_ascii=False), "ok")
    c.file("text as a list of paragraphs", "json/paras.json",
           json.dumps({"title": "某省会议", "content": s().split("。")}, ensure_ascii=False), "ok")


def sizes(c: Corpus) -> None:
    c.file("over --max-bytes", "size/huge.txt", ("某省会议\n" + random_cjk(MAX_BYTES // 3 + 1000, 1)).encode(), "E005")
    c.file("over --max-chars", "size/long.txt", "某省会议\n" + random_cjk(MAX_CHARS + 1000, 2), "E022")
    p = c.file("markdown: one story over --max-chars", "size/days.md",
               "### 第一条\n" + story(1) + "\n### 第二条\n" + random_cjk(MAX_CHARS + 10, 3) + "\n", "ok")
    c.cases[-1]["source"] = p + "#1"
    c.expect("the long markdown story", p + "#2", "E022")


def specials(c: Corpus) -> None:
    fifo = c.root / "special" / "fifo"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    c.expect("a FIFO in the folder", str(fifo), "E014")
    sock_path = c.root / "special" / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    c.expect("a socket in the folder", str(sock_path), "E014")
    c.extra.append([str(fifo), "E014"])  # named on the command line: still not read
    c.extra.append(["/dev/zero", "E014"])
    secret = c.outside / "secret.txt"
    secret.write_text(story(9999) + "此文件在语料文件夹之外。", encoding="utf-8")
    (c.outside / "dir").mkdir()
    (c.outside / "dir" / "a.txt").write_text(story(9998), encoding="utf-8")
    links = c.root / "links"
    links.mkdir()
    for name, target, code, kind in (
        ("to_outside.txt", secret, "E015", "a symlink to a file outside the folder"),
        ("to_outside_dir", c.outside / "dir", "E015", "a symlink to a folder outside"),
        ("to_dev_zero", Path("/dev/zero"), "E015", "a symlink to /dev/zero"),
        ("to_etc_passwd", Path("/etc/passwd"), "E015", "a symlink to /etc/passwd"),
        ("dangling.txt", links / "nothing_here.txt", "E001", "a dangling symlink"),
    ):
        os.symlink(target, links / name)
        c.expect(kind, str(links / name), code)
    os.symlink(links / "loop_b", links / "loop_a")
    os.symlink(links / "loop_a", links / "loop_b")
    c.expect("a symlink loop", str(links / "loop_a"), "E008")
    c.expect("a symlink loop", str(links / "loop_b"), "E008")
    (links / "real.txt").write_text(c.good(), encoding="utf-8")
    c.expect("a regular file beside them", str(links / "real.txt"), "ok")
    deep = c.root.joinpath(*["d"] * 200)
    deep.mkdir(parents=True)
    c.file("a file 200 folders deep", str((deep / "deep.txt").relative_to(c.root)), c.good(), "ok")
    odd = os.fsencode(c.root / "names") + b"/bad\xffname.txt"
    os.makedirs(os.path.dirname(odd), exist_ok=True)
    with open(odd, "wb") as f:
        f.write(c.good().encode())
    c.expect("a file name that is not UTF-8", str(c.root / "names" / "bad\ufffdname.txt"), "ok")
    c.file("a file name with a newline", "names/new\nline.txt", c.good(), "ok")
    if os.geteuid() != 0:  # root reads everything: these cases need an ordinary user
        locked = c.root / "locked"
        locked.mkdir()
        (locked / "in.txt").write_text(c.good(), encoding="utf-8")
        locked.chmod(0)
        c.expect("an unreadable folder", str(locked), "E025")
        p = c.file("an unreadable file", "unreadable.txt", c.good(), "E008")
        Path(p).chmod(0)


def archives(c: Corpus) -> None:
    s = c.good
    z = c.src("arc/good.zip")
    c.file("a good zip", "arc/good.zip", zip_bytes([("a.txt", s().encode()), ("b/c.txt", s().encode()),
                                                   ("empty.txt", b""), ("pic.png", b"\x89PNG\r\n\x1a\n" + bytes(50)),
                                                   (".hidden.txt", b"x")]), "container")
    c.cases.pop()
    c.expect("zip member", z + "!a.txt", "ok")
    c.expect("zip member in a folder", z + "!b/c.txt", "ok")
    c.expect("empty zip member", z + "!empty.txt", "E002")
    c.expect("binary zip member", z + "!pic.png", "E004")
    z = c.file("zip with unsafe names", "arc/unsafe.zip",
               zip_bytes([("../evil.txt", s().encode()), ("/etc/abs.txt", s().encode()), ("ok.txt", s().encode())]),
               "container")
    c.cases.pop()
    c.expect("zip member with ..", z + "!../evil.txt", "E019")
    c.expect("zip member with an absolute path", z + "!/etc/abs.txt", "E019")
    c.expect("zip member beside them", z + "!ok.txt", "ok")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("link.txt")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    z = c.file("zip with a symlink member", "arc/symlink.zip", buf.getvalue(), "container")
    c.cases.pop()
    c.expect("zip symlink member", z + "!link.txt", "E019")
    c.file("empty zip", "arc/empty.zip", zip_bytes([]), "E026")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("dir/", b"")
    c.file("zip of folders only", "arc/dirs.zip", buf.getvalue(), "E026")
    c.file("corrupt zip", "arc/corrupt.zip", b"PK\x03\x04" + bytes(random.Random(4).randbytes(3000)), "E010")
    good = zip_bytes([("a.txt", s().encode()), ("b.txt", random_cjk(20_000, 5).encode())])
    c.file("truncated zip", "arc/truncated.zip", good[: len(good) // 2], "E010")
    data = bytearray(zip_bytes([("crc.txt", (s() + random_cjk(5000, 6)).encode())]))
    data[200] ^= 0xFF  # inside the compressed data: a bad CRC or a zlib error
    z = c.file("zip member with a bad CRC", "arc/crc.zip", bytes(data), "container")
    c.cases.pop()
    c.expect("the damaged member", z + "!crc.txt", "E010")
    data = bytearray(zip_bytes([("secret.txt", s().encode())]))
    data[6] |= 1  # the "encrypted" flag, in the local header and in the central directory
    data[data.rindex(b"PK\x01\x02") + 8] |= 1
    z = c.file("encrypted zip member", "arc/encrypted.zip", bytes(data), "container")
    c.cases.pop()
    c.expect("encrypted member", z + "!secret.txt", "E010")
    z = c.file("zip member of 3 MB of one character (ratio bomb)", "arc/ratio.zip",
               zip_bytes([("bomb.txt", "哈".encode() * 1_000_000)]), "container")
    c.cases.pop()
    c.expect("the ratio bomb member", z + "!bomb.txt", "E018")
    z = c.file("zip member over --max-bytes", "arc/big_member.zip",
               zip_bytes([("big.txt", random_cjk(MAX_BYTES // 3 + 1000, 7).encode())]), "container")
    c.cases.pop()
    c.expect("the big member", z + "!big.txt", "E005")
    members = [(f"m{i}.txt", random_cjk(MAX_UNPACKED // 3 // 2 - 10, 10 + i).encode()) for i in range(3)]
    z = c.file("zip unpacking past --max-unpacked", "arc/unpacked.zip", zip_bytes(members), "E018")
    c.expect("member before the bound", z + "!m0.txt", "E022")  # each alone is also over --max-chars
    z = c.file("zip with more than --max-members", "arc/members.zip",
               zip_bytes([(f"e{i}.txt", b"") for i in range(MAX_MEMBERS + 50)]), "E018")
    c.expect("a member before the bound", z + "!e0.txt", "E002")
    inner = zip_bytes([("inner.txt", s().encode())])
    z = c.file("zip in a zip", "arc/nested.zip", zip_bytes([("inner.zip", inner)]), "container")
    c.cases.pop()
    c.expect("a story two archives deep", z + "!inner.zip!inner.txt", "ok")
    z = c.file("zip in a zip in a zip", "arc/nested3.zip",
               zip_bytes([("l1.zip", zip_bytes([("l2.zip", zip_bytes([("l3.txt", s().encode())]))]))]), "container")
    c.cases.pop()
    c.expect("an archive three deep", z + "!l1.zip!l2.zip", "E018")
    z = c.file("zip member that is deep JSON", "arc/deepjson.zip", zip_bytes([("d.json", b"[" * 50_000)]),
               "container")
    c.cases.pop()
    c.expect("deep JSON member", z + "!d.json", "E017")

    t = c.file("a good tar.gz", "arc/good.tar.gz", tar_bytes([("a.txt", s().encode()), ("./b.txt", s().encode())]),
               "container")
    c.cases.pop()
    c.expect("tar member", t + "!a.txt", "ok")
    c.expect("tar member named ./b.txt", t + "!./b.txt", "ok")
    t = c.file("tar.gz with links and devices", "arc/specials.tar.gz", tar_bytes([
        special("sym.txt", tarfile.SYMTYPE, "/etc/passwd"),
        special("hard.txt", tarfile.LNKTYPE, "a.txt"),
        special("dev", tarfile.CHRTYPE),
        special("blk", tarfile.BLKTYPE),
        special("pipe", tarfile.FIFOTYPE),
        ("../up.txt", s().encode()),
        ("/abs.txt", s().encode()),
        ("fine.txt", s().encode()),
    ]), "container")
    c.cases.pop()
    for name, kind in (("sym.txt", "tar symlink"), ("hard.txt", "tar hard link"), ("dev", "tar character device"),
                       ("blk", "tar block device"), ("pipe", "tar FIFO"), ("../up.txt", "tar member with .."),
                       ("/abs.txt", "tar member with an absolute path")):
        c.expect(kind, t + "!" + name, "E019")
    c.expect("tar member beside them", t + "!fine.txt", "ok")
    c.file("gzip header then garbage", "arc/corrupt.tar.gz", b"\x1f\x8b\x08\x00" + random.Random(8).randbytes(2000),
           "E010")
    big = tar_bytes([("first.txt", s().encode()), ("second.txt", random_cjk(60_000, 9).encode())])
    t = c.file("truncated tar.gz", "arc/truncated.tar.gz", big[: len(big) * 2 // 3], "E010")
    c.expect("member before the cut", t + "!first.txt", "ok")
    c.file("empty tar.gz", "arc/empty.tar.gz", tar_bytes([]), "E026")
    c.file("corrupt tar.bz2", "arc/corrupt.tar.bz2", b"BZh91AY&SY" + random.Random(11).randbytes(500), "E010")
    c.file("corrupt tar.xz", "arc/corrupt.tar.xz", b"\xfd7zXZ\x00" + random.Random(12).randbytes(500), "E010")
    t = c.file("a good tar.bz2", "arc/good.tar.bz2", tar_bytes([("x.txt", s().encode())], "w:bz2"), "container")
    c.cases.pop()
    c.expect("bz2 tar member", t + "!x.txt", "ok")
    t = c.file("a good tar.xz", "arc/good.tar.xz", tar_bytes([("x.txt", s().encode())], "w:xz"), "container")
    c.cases.pop()
    c.expect("xz tar member", t + "!x.txt", "ok")
    t = c.file("plain tar with a member over --max-bytes", "arc/big.tar",
               tar_bytes([("big.txt", random_cjk(MAX_BYTES // 3 + 1000, 13).encode()), ("ok.txt", s().encode())], "w"),
               "container")
    c.cases.pop()
    c.expect("the big tar member", t + "!big.txt", "E005")
    c.expect("the member after it", t + "!ok.txt", "ok")
    g = c.file("a gzip file", "arc/story.txt.gz", gzip.compress(s().encode()), "container")
    c.cases.pop()
    c.expect("the gzip member", g + "!story.txt", "ok")
    g = c.file("a gzip bomb", "arc/bomb.txt.gz", gzip.compress(b" " * 3_000_000), "container")
    c.cases.pop()
    c.expect("the gzip bomb member", g + "!bomb.txt", "E018")
    g = c.file("gzip of an image", "arc/pic.png.gz", gzip.compress(b"\x89PNG\r\n\x1a\n" + bytes(100)), "container")
    c.cases.pop()
    c.expect("the gzip member", g + "!pic.png", "E004")
    g = c.file("gzip of an empty file", "arc/empty.txt.gz", gzip.compress(b""), "container")
    c.cases.pop()
    c.expect("the empty gzip member", g + "!empty.txt", "E002")
    c.file("gzip header only", "arc/cut.gz", b"\x1f\x8b", "E010")
    for name, pack in (("bz2", bz2.compress), ("xz", lzma.compress)):
        g = c.file(f"a {name} file", f"arc/story.txt.{name}", pack(s().encode()), "container")
        c.cases.pop()
        c.expect(f"the {name} member", g + "!story.txt", "ok")
        g = c.file(f"{name} of text without Chinese", f"arc/plain.{name}", pack(f"just text, not a tar ({name})".encode()), "container")
        c.cases.pop()
        c.expect(f"the {name} member", g + "!plain", "E027")
        c.file(f"{name} cut short", f"arc/cut.{name}", pack(s().encode())[:20], "E010")


def formats(c: Corpus) -> None:
    s = c.good
    p = c.file("markdown with two stories", "fmt/day.md", "# 2019-09-09\n\n### 第一条\n" + s() + "\n### 第二条\n" + s(),
               "ok")
    c.cases[-1]["source"] = p + "#1"
    c.expect("the second story", p + "#2", "ok")
    c.file("plain text", "fmt/plain.txt", s(), "ok")
    c.file("one very long line", "fmt/long_line.txt", "某省会议\n" + random_cjk(100_000, 14), "ok")
    c.file("10⁴ short lines", "fmt/short_lines.txt", "某省会议\n" + "会。\n" * 10_000 + s(), "ok")
    c.file("HTML entities", "fmt/entities.html", "<p>" + s().replace("，", "&#65292;") + "&bogus;&#xFFFFFF;</p>", "ok")


def full(c: Corpus) -> None:
    """The large cases of issue 14: time and peak memory, not correctness."""
    members = [(f"m{i:02d}.txt", b"\xe4\xb8\x80" * (15 * 1024 * 1024)) for i in range(25)]  # 25 x 45 MB
    z = c.file("zip of 25 x 45 MB members", "full/bomb25.zip", zip_bytes(members), "container")
    c.cases.pop()
    c.expect("a 45 MB member", z + "!m00.txt", "E005")
    c.file("[ x 10⁶", "full/deep.json", "[" * 1_000_000, "E017")
    c.file("10⁶ short lines", "full/lines.txt", "x\n" * 1_000_000, "E022")


KINDS: list[Callable[[Corpus], None]] = [decoding, markup, json_cases, sizes, specials, archives, formats]


def build(out: Path, *, with_full: bool = False) -> dict[str, object]:
    c = Corpus(out.resolve())
    c.file("the store itself", "store.db", b"", "E016")  # the test ingests with --db pointing here
    for k in KINDS + ([full] if with_full else []):
        k(c)
    manifest = {"args": ARGS, "extra": c.extra, "cases": c.cases}
    (out / "expected.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="an empty or new folder")
    ap.add_argument("--full", action="store_true", help="add the large cases (a 1 GB zip bomb, 10⁶ lines, ...)")
    a = ap.parse_args()
    m = build(a.out, with_full=a.full)
    cases = m["cases"]
    bad = sum(1 for x in cases if x["code"] != "ok")
    print(f"{a.out}: {len(cases)} cases ({bad} bad, {len(cases) - bad} good), {len(m['extra'])} extra paths")


if __name__ == "__main__":
    main()
