"""Show a ``Report``: terminal tables, tuning and validation side by side, Markdown for the docs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from readout.evaluate.scoring import FIELDS, Counts, Report

LABELS = {
    "officials": "officials (name+post)",
    "official_names": "official names",
    "events": "events (date, region)",
    "event_kind": "event kind (accuracy)",
    "event_leader": "event leader (accuracy)",
    "speakers": "statement speakers",
    "formulations": "formulations",
}
ACCURACY_FIELDS = frozenset({"event_kind", "event_leader"})  # P = R = F1 = accuracy on matched events
HEADS = ("", "TP", "FP", "FN", "P", "R", "F1")
NOTE = ("formulations: TP shown as recall-TP/precision-TP; precision over quoted+numbered only. "
        "Event kind and leader: accuracy on matched events (a wrong label is one FP and one FN).")


def row(label: str, c: Counts) -> list[str]:
    """One table row: label, TP, FP, FN, P, R, F1."""
    tp = str(c.tp) if c.tp_pred is None or c.tp_pred == c.tp else f"{c.tp}/{c.tp_pred}"
    return [label, tp, str(c.fp), str(c.fn), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}"]


def figure(rep: Report, name: str) -> str:
    """The field's headline figure as text: P/R/F1, or the accuracy; ``–`` when nothing is labelled."""
    if not rep.labelled(name) or rep.totals[name].empty:
        return "–"
    c = rep.totals[name]
    if name in ACCURACY_FIELDS:
        return f"{c.f1:.3f}"
    return f"{c.precision:.3f} / {c.recall:.3f} / {c.f1:.3f}"


def print_table(console: Any, title: str, rows: list[list[str]], heads: tuple[str, ...] = HEADS) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for i, head in enumerate(heads):
        table.add_column(head, justify="left" if i == 0 else "right")
    for r in rows:
        table.add_row(*r)
    console.print(table)


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def print_report(rep: Report, *, by: str | None = None, errors: bool = False, title: str = "") -> None:
    """Print the P/R/F1 table (and the requested breakdown or error list) to stdout."""
    console = _console()
    head = f"{len(rep.files)} files, {rep.chars:,} chars, {rep.chars_per_second:,.0f} chars/s"
    print_table(console, f"{title}: {head}" if title else head,
                [row(LABELS[f], rep.totals[f]) for f in FIELDS if rep.labelled(f)])
    console.print(NOTE)
    if by == "kind":
        for f in ("officials", "events", "event_kind", "event_leader", "formulations"):
            rows = [row(k, c) for k, c in sorted(rep.by_kind.get(f, {}).items())]
            print_table(console, f"{LABELS[f]} by {'post level' if f == 'officials' else 'kind'}", rows)
        console.print("formulation kinds other than quoted/numbered: precision is informative, not in the total.")
    elif by == "source":
        for f in FIELDS:
            if rep.labelled(f):
                rows = [row(s, d[f]) for s, d in sorted(rep.by_source.items())]
                print_table(console, f"{LABELS[f]} by source", rows)
    if rep.errors:
        console.print(f"[bold red]{len(rep.errors)} file(s) could not be read[/]")
        for fr in rep.errors:
            console.print(f"  {fr.file}: {fr.error}", markup=False, soft_wrap=True)
    if errors:
        print_errors(rep, console)


def error_lines(rep: Report) -> list[tuple[str, list[str]]]:
    """Each file's missed and spurious items, as (``file (source)``, lines)."""
    out = []
    for fr in rep.files:
        lines = []
        for f in FIELDS:
            s = fr.scored.get(f)
            if s is None:
                continue
            if s.missed:
                lines.append(f"  {f} {'wrong' if f in ACCURACY_FIELDS else 'missed'}: {'; '.join(s.missed)}")
            if s.spurious:
                lines.append(f"  {f} spurious: {'; '.join(s.spurious)}")
        if lines:
            out.append((f"{fr.file} ({fr.source})", lines))
    return out


def print_errors(rep: Report, console: Any | None = None) -> None:
    console = console or _console()
    for head, lines in error_lines(rep):
        console.print(f"[bold]{head}[/]", soft_wrap=True)
        for line in lines:
            console.print(line, markup=False, soft_wrap=True)


def print_parts(parts: Mapping[str, Report]) -> None:
    """One table, parts side by side: P / R / F1 per field (accuracy for kind and leader)."""
    heads = ("",) + tuple(f"{name} ({len(rep.files)} files)" for name, rep in parts.items())
    rows = [[LABELS[f]] + [figure(rep, f) for rep in parts.values()]
            for f in FIELDS if any(rep.labelled(f) for rep in parts.values())]
    console = _console()
    print_table(console, "tuning and validation side by side: P / R / F1 (accuracy for kind and leader)",
                rows, heads)


def markdown_table(parts: Mapping[str, Report]) -> str:
    """The side-by-side table in Markdown, for docs/accuracy.md and the README."""
    names = list(parts)
    lines = ["| field | " + " | ".join(f"{n} ({len(parts[n].files)})" for n in names) + " |",
             "|---|" + "---|" * len(names)]
    for f in FIELDS:
        if any(rep.labelled(f) for rep in parts.values()):
            lines.append(f"| {LABELS[f]} | " + " | ".join(figure(parts[n], f) for n in names) + " |")
    return "\n".join(lines)
