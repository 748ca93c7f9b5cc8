"""The error catalogue: every user-facing failure, with a code and what to do about it.

Codes are attributes of ``Errors`` (as in spaCy's ``errors.py``), so a misspelt code fails at
import time instead of printing a blank message. A refused document becomes a ``Rejected``
record carrying one of these codes; it is never silently dropped. The CLI turns a
``ReadoutError`` into one line on stderr and a non-zero exit status.
"""

from __future__ import annotations


class ErrorCode(str):
    """A code such as ``"E005"`` that also carries its message template."""

    template: str

    def __new__(cls, code: str, template: str) -> ErrorCode:
        obj = super().__new__(cls, code)
        obj.template = template
        return obj


class _Catalogue(type):
    """Turns each ``Exxx``/``Wxxx = "template"`` attribute into an ``ErrorCode`` named by the attribute."""

    def __new__(mcs, name: str, bases: tuple[type, ...], ns: dict[str, object]) -> _Catalogue:
        codes = {k: ErrorCode(k, v) for k, v in ns.items() if k[:1] in "EW" and k[1:].isdigit() and isinstance(v, str)}
        return super().__new__(mcs, name, bases, {**ns, **codes, "ALL": codes})


class Errors(metaclass=_Catalogue):
    """Every code readout reports, each with a message that says what to do."""

    ALL: dict[str, ErrorCode]

    # reading inputs
    E001 = "file not found: check the path"
    E002 = "file is empty: nothing to read"
    E003 = "could not decode the bytes as text (tried UTF-8, UTF-16, GB18030, Big5): convert the file to UTF-8"
    E004 = "looks like a binary file, not text or HTML: pass report text, HTML, JSON or markdown"
    E005 = "file is too large ({size} bytes > limit {limit}): split it, or raise --max-bytes"
    E006 = "malformed JSON: {detail}"
    E007 = "no text found after cleaning (markup or whitespace only)"
    E008 = "cannot read: {detail}"
    E009 = "invalid --pub-date {value!r}: use YYYY-MM-DD"
    E010 = "unsupported archive member or format: {detail}"
    E011 = ("no story text in {what} ({detail}): a label or index file? If not, map the fields with "
            "--records/--text or --profile (docs/ingest.md); file skipped")
    E012 = "no story text in this record ({detail}): record skipped, the rest of the file is read"
    E013 = "cannot use the record mapping {name!r}: {detail} (docs/ingest.md)"
    E014 = "{kind}, not a regular file: readout reads files, folders and archives, never devices, pipes or sockets"
    E015 = "symlink to {target}, outside the folder being read: not followed (pass --follow-symlinks to read it)"
    E016 = "this is the store being written (or its -wal/-shm journal): never read as input"
    E017 = "nested more than {limit} levels deep: not read (real reports never nest so deep)"
    E018 = "archive over its limit ({detail}): the rest of it is not read; raise {option} if you trust it"
    E019 = "unsafe archive member ({detail}): not read"
    E022 = "document too long ({size} characters > limit {limit}): split it, or raise --max-chars"
    E023 = "internal error while reading this input ({detail}): the batch went on; please report it with the file"
    E024 = "the worker process building this input died ({detail}): the batch went on without it"
    E025 = "cannot list the folder ({detail}): fix its permissions"
    E026 = "archive holds no file to read"
    E027 = ("no Chinese text ({size} characters, none of them Chinese: {sample!r}): readout reads Chinese reports; "
            "a placeholder, or a file in another language? skipped")
    # extraction
    E020 = "reading this document took over {seconds:g} s (a pathological input?): split it, or raise the time limit"
    E021 = "{what} span {start}–{end} does not match the document text: this is a readout bug, please report it"
    # the store
    E101 = "no such database: {path} (run `readout ingest PATH --db {path}` first)"
    E102 = "the database is not a usable readout store ({detail}): pass another --db, or build one with `readout ingest`"
    E103 = "cannot write the store {path} ({detail}): check that its folder exists and is writable"
    E104 = "{path} is an SQLite file of another application (tables: {tables}): readout adds nothing to it; pass another --db"
    E105 = "the analyses stored in {path} {what}: run `readout analyze --db {path}`"
    # queries and options
    E201 = "empty query: give at least one character to search for"
    E202 = "{option} must be one of {choices}, not {value!r}"
    E203 = "{detail}"
    E204 = ("unknown region {value!r}: give a name (天津, 四川省, 成都), a GB/T 2260 code or prefix (120000, 12), "
            "全国, or a country name")
    E205 = "{what} are located by province-level region, so {name} cannot filter them: {hint}"
    E206 = "{option} must be between {low} and {high}, not {value!r}"
    E207 = "the query is not valid text (undecodable bytes): pass UTF-8"
    # optional parts
    E301 = "{feature} needs the {extra!r} extra: pip install 'readout[{extra}]'"
    # shipped data files (readout/data)
    E401 = "data file missing from the package: reinstall readout (or restore the file from git)"
    E402 = "data file has no rows: restore it from git; readout cannot match without it"
    E403 = "data file lacks the column(s) {columns}: check its header line against data/SOURCES.md"
    E404 = "data file line {line}: empty {columns}; every lexicon row must name its source (data/SOURCES.md)"
    # evaluation (readout eval)
    E501 = "give both GOLD and CORPUS_DIR, or neither and --xwlb PATH to score the archive validation set"
    E502 = "--xwlb {path} is not a usable copy of the archive ({detail}): give a checkout of github.com/china-data/xwlb"
    E503 = "archive validation labels missing from the package ({path}): reinstall readout"
    E504 = "--part {part}: no split covers these gold files; pass --split FILE with 'tuning' and 'validation' lists"
    # warnings: the document was read, but not exactly as written
    W001 = "{n} byte(s) not valid {encoding} were replaced with U+FFFD"
    W002 = "{n} lone surrogate(s) replaced with U+FFFD"


class ReadoutError(Exception):
    """An error with a catalogue code; ``str()`` gives the one-line user-facing message."""

    def __init__(self, code: str, source: str | None = None, **details: object) -> None:
        entry = Errors.ALL.get(str(code))
        if entry is None:
            raise KeyError(f"{code!r} is not in readout.errors.Errors")
        self.code = str(entry)
        self.source = source
        self.details = details
        try:
            message = entry.template.format(**details)
        except (KeyError, IndexError):
            message = entry.template
        self.message = message
        super().__init__(f"{source}: {message} [{self.code}]" if source else f"{message} [{self.code}]")
