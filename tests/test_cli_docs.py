"""Every command has help text and is named in the README."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import ROOT
from readout.cli import main

EXPECTED = {"read", "eval", "ingest", "load", "search", "formulations", "roster", "timeline", "reuse", "export", "serve"}


def test_cli_every_command_is_registered_helped_and_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(main.commands) == EXPECTED
    for name, cmd in main.commands.items():
        assert cmd.help and cmd.help.strip(), name
        res = CliRunner().invoke(main, [name, "--help"])
        assert res.exit_code == 0 and "Usage:" in res.output, name
        assert f"readout {name}" in readme or f"`{name}`" in readme or f" {name} " in readme, f"{name} missing from README"
