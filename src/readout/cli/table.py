"""The people-facing table of ``readout read``: one row per event."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

from readout.model import Document


def event_rows(docs: Iterable[Document]) -> list[tuple[str, str, str, str, str, str]]:
    """(date, region, leader, post, kind, meeting) for every event, in reading order."""
    rows = []
    for doc in docs:
        for ev in doc.events:
            leader = ev.officials[0] if ev.officials else None
            date = ev.date or ""
            if ev.date_end:
                date = f"{date}..{ev.date_end}"
            rows.append((
                date,
                ev.region.name if ev.region else "",
                leader.name if leader else "",
                "、".join(leader.posts) if leader else "",
                ev.kind,
                ev.title.text if ev.title else "",
            ))
    return rows


def print_table(docs: list[Document], console: Console | None = None) -> None:
    console = console or Console(soft_wrap=False, width=None if Console().is_terminal else 160)
    table = Table(show_lines=False, header_style="bold")
    for col in ("date", "region", "leader", "post", "kind", "meeting"):
        table.add_column(col, overflow="fold")
    for row in event_rows(docs):
        table.add_row(*row)
    console.print(table)
    n_off = sum(len(d.officials) for d in docs)
    n_form = sum(len(d.formulations) for d in docs)
    console.print(f"{len(docs)} document(s), {sum(len(d.events) for d in docs)} event(s), "
                  f"{n_off} official(s), {n_form} formulation(s)")
