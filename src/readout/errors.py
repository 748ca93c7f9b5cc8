"""The error catalogue: every way a document can be refused, with a code and advice.

A refused document becomes a ``Rejected`` record carrying one of these codes; it is
never silently dropped.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "E001": "file not found: check the path",
    "E002": "file is empty: nothing to read",
    "E003": "could not decode the bytes as text (tried UTF-8, UTF-16, GB18030, Big5): convert the file to UTF-8",
    "E004": "looks like a binary file, not text or HTML: pass report text, HTML, JSON or markdown",
    "E005": "file is too large ({size} bytes > limit {limit}): split it, or raise --max-bytes",
    "E006": "malformed JSON: {detail}",
    "E007": "no text found after cleaning (markup or whitespace only)",
    "E008": "cannot read: {detail}",
    "E009": "invalid --pub-date {value!r}: use YYYY-MM-DD",
    "E010": "unsupported archive member or format: {detail}",
    "E011": "none of the {n} JSON records has a text/content/body field (a label or index file?): file skipped",
}


class ReadoutError(Exception):
    """An error with a catalogue code; ``str()`` gives the user-facing message."""

    def __init__(self, code: str, source: str | None = None, **details: object) -> None:
        self.code = code
        self.source = source
        self.details = details
        template = MESSAGES.get(code, code)
        try:
            message = template.format(**details)
        except (KeyError, IndexError):
            message = template
        self.message = message
        super().__init__(f"{source}: {message} [{code}]" if source else f"{message} [{code}]")
