"""Click option callbacks shared by the commands of every package."""

from __future__ import annotations

import click

from readout.errors import Errors, ReadoutError


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate a YYYY-MM-DD option value (E009 otherwise)."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(ReadoutError(Errors.E009, value=value).message) from None
