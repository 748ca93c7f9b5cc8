"""Span highlighting: every text piece escaped, overlapping spans cut at every boundary."""

from __future__ import annotations

import html
import re

from readout.web.highlight import Span, highlight

TAG = re.compile(r"<[^>]+>")


def _text_of(markup: str) -> str:
    return html.unescape(TAG.sub("", markup))


def test_markup_in_text_is_escaped() -> None:
    text = '会议<script>alert(1)</script>强调<img src=x onerror="x()">坚持'
    out = str(highlight(text, [Span(0, 2, "event", "ev-1"), Span(2, 10, "formulation", "fm-1", "/f/x")]))
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img" in out
    assert _text_of(out) == text  # nothing lost, nothing added


def test_overlapping_spans_keep_all_classes_and_anchors() -> None:
    text = "甲乙丙丁戊己"
    spans = [Span(0, 4, "event", "ev-1"), Span(2, 6, "statement", "st-2"), Span(3, 5, "official", "om-3", "/o/x")]
    out = str(highlight(text, spans))
    assert _text_of(out) == text
    for anchor in ("ev-1", "st-2", "om-3"):
        assert f'id="{anchor}"' in out
    # 丁 (offset 3) is inside all three spans, and the official makes it a link
    piece = re.search(r'<a href="/o/x" class="([^"]+)" data-s="([^"]+)"[^>]*>丁</a>', out)
    assert piece, out
    assert set(piece.group(1).split()) == {"k-event", "k-official", "k-statement"}
    assert set(piece.group(2).split()) == {"ev-1", "st-2", "om-3"}
    # 甲乙 only in the event, 己 only in the statement
    assert re.search(r'class="k-event"[^>]*>甲乙<', out)
    assert re.search(r'class="k-statement"[^>]*>己<', out)


def test_offset_window_clips_spans() -> None:
    text = "一二三四五六七八"
    out = str(highlight(text[2:6], [Span(1, 4, "reuse", "a-0"), Span(5, 9, "reuse", "a-1"), Span(7, 8, "reuse")],
                        offset=2))
    assert _text_of(out) == "三四五六"
    assert re.search(r'class="k-reuse" data-s="a-0"[^>]*>三四<', out)
    assert re.search(r'class="k-reuse" data-s="a-1"[^>]*>六<', out)
    assert "七" not in out
