"""Where a fact lives in the web UI: one definition of the links every page and command prints."""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["DEFAULT_BASE", "document_href", "official_href", "region_href"]

DEFAULT_BASE = "http://127.0.0.1:8000"  # ``readout serve``'s default address


def document_href(document_id: str, start: int | None = None, end: int | None = None, base: str = "") -> str:
    """The document page, with ``start``–``end`` marked and scrolled to when given."""
    if start is None or end is None:
        return f"{base}/documents/{document_id}"
    return f"{base}/documents/{document_id}?mark={start}-{end}#hit"


def official_href(name: str, base: str = "") -> str:
    return f"{base}/officials/{quote(name, safe='')}"


def region_href(code: str | None, base: str = "") -> str | None:
    return f"{base}/regions/{code}" if code else None
