"""Every command has help text and is named in the README."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import ROOT

from readout.cli import main

EXPECTED = {"read", "eval", "ingest", "load", "search", "analyze", "formulations", "roster", "timeline", "events",
            "campaign", "reuse", "export", "serve"}


def test_cli_every_command_is_registered_helped_and_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(main.commands) == EXPECTED
    for name, cmd in main.commands.items():
        assert cmd.help and cmd.help.strip(), name
        res = CliRunner().invoke(main, [name, "--help"])
        assert res.exit_code == 0 and "Usage:" in res.output, name
        assert f"readout {name}" in readme or f"`{name}`" in readme or f" {name} " in readme, f"{name} missing from README"


def test_cli_docs_reference_is_generated_from_help():
    from readout.cli.reference import reference

    on_disk = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert on_disk == reference(), "docs/cli.md drifted: python -m readout.cli.reference > docs/cli.md"


def test_cli_docs_every_command_has_an_example():
    for name, cmd in main.commands.items():
        assert "Example:" in (cmd.help or ""), name


def test_cli_docs_readme_links_every_doc():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted((ROOT / "docs").glob("*.md")) if f"docs/{p.name}" not in readme]
    assert not missing, f"README does not link {missing}"
