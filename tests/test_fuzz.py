"""Property tests and a short mutation run: any input gives documents whose every span is exact,
or a coded ``ReadoutError`` — never another exception. ``make fuzz`` runs the same at length."""

from __future__ import annotations

import pytest
from fuzzing import CHARS, HTML_TAGS, MARKDOWN, PIECES, SENTENCES, Mutator, check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FRAGMENTS = SENTENCES + HTML_TAGS + MARKDOWN + PIECES + CHARS


def assert_sound(case) -> None:  # noqa: ANN001
    out = check(case)
    assert out.kind in ("ok", "coded"), (out.kind, out.detail, case[:200])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_fuzz_fragments_any_order(text):
    assert_sound("标题\n" + text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_fuzz_any_unicode_text(text):
    assert_sound(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_any_bytes(data):
    assert_sound(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(st.sampled_from(SENTENCES + PIECES),
                    lambda inner: st.tuples(st.sampled_from(("div", "p", "span", "h1", "ul", "li", "td", "b")),
                                            st.lists(inner, max_size=4)).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
                    max_leaves=30))
def test_fuzz_html_pages(body):
    assert_sound(f"<html><head><title>标题</title></head><body>{body}</body></html>")


@pytest.mark.parametrize("seed", range(4))
def test_fuzz_mutations(seed):
    """A fixed slice of the mutation fuzzer (``make fuzz`` runs 10⁵ cases and times them)."""
    m = Mutator(seed)
    for _ in range(60):
        assert_sound(m.case())
