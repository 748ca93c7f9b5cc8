"""``python -m readout``: the same as the ``readout`` command."""

from readout.cli import main

main(prog_name="readout")
