"""``docs/cli.md``: the command reference, generated from ``--help`` so it cannot drift.

Run ``python -m readout.cli.reference > docs/cli.md`` after changing a command; a test compares.
"""

from __future__ import annotations

import click
from click.testing import CliRunner

from readout.cli import main

HEADER = """# Command reference

Generated from `readout COMMAND --help` by `python -m readout.cli.reference > docs/cli.md`;
`tests/test_cli_docs.py` fails when this file and the code disagree.

Every command that prints rows takes `--format table|json|jsonl|csv`, every command that reads a store
takes `--db`, and a bad argument, a missing file or a broken store ends with one line `Error: … [Exxx]`
and exit status 1 (`readout -v …` shows the traceback). Codes are listed in `src/readout/errors.py`.
"""


def reference() -> str:
    """The whole reference as markdown."""
    parts = [HEADER, _section("readout", [])]
    for name in sorted(main.commands):
        parts.append(_section(f"readout {name}", [name]))
    return "\n".join(parts)


def _section(title: str, args: list[str]) -> str:
    out = CliRunner().invoke(main, [*args, "--help"], prog_name="readout", terminal_width=100)
    if out.exit_code != 0:
        raise click.ClickException(f"{title} --help failed: {out.output}")
    return f"## `{title}`\n\n```text\n{out.output.rstrip()}\n```\n"


if __name__ == "__main__":
    click.echo(reference(), nl=False)
