"""Provenance: every span points at exactly the text it claims, and maps back to the raw input."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, FIXTURE, dev_files

import readout

FILES = (sorted(p for p in EXAMPLES.iterdir() if p.is_file()) + sorted(FIXTURE.glob("*.txt"))
         + dev_files())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_model_every_span_matches_text(path):
    for doc in readout.read_file(path):
        for kind, start, end, surface in doc.spans():
            assert 0 <= start <= end <= len(doc.text), (kind, start, end)
            assert doc.text[start:end] == surface, (kind, surface)
        for off in doc.officials:
            for m in off.mentions:
                assert readout.clean.simplify(m.text) == off.name or m.text == off.name
        for ev in doc.events:
            assert ev.date is not None
        raw = path.read_bytes().decode(doc.encoding, errors="replace") if doc.encoding else None
        assert doc.raw_offsets, "offset map is empty"
        for cs, ce, rs, re_ in doc.raw_offsets:
            assert 0 <= cs <= ce <= len(doc.text)
            if raw is not None:
                assert 0 <= rs <= re_ <= len(raw) + 1
        # every clean offset maps into the raw input
        for i in range(0, len(doc.text), max(1, len(doc.text) // 50)):
            assert 0 <= doc.raw_offset(i) <= (len(raw) if raw is not None else 10**12)
