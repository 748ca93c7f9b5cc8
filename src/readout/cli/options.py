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


def record_mapping_options(f):  # noqa: ANN001, ANN201 - a click decorator
    """``--profile`` and the dotted-path options of a JSON record mapping (docs/ingest.md); gives ``mapping``."""
    parts = [
        ("--url", "the story's URL"),
        ("--id", "the story's id in the archive"),
        ("--date", "the publication date"),
        ("--title", "the headline"),
        ("--text", "the story text (HTML or plain)"),
        ("--records", "the list of records (default: the top level)"),
    ]
    for opt, what in parts:
        f = click.option(opt, f"map_{opt[2:]}", metavar="PATH",
                         help=f"JSON: dotted path of {what}, e.g. video_detail.content.")(f)
    f = click.option("--profile", "map_profile", metavar="NAME|FILE",
                     help="JSON record mapping: a built-in profile (xwlb) or a TOML/JSON profile file. "
                          "Without it the built-in profiles are detected, else common field names are tried.")(f)
    return f


def record_mapping(kwargs: dict) -> object:
    """Pop the ``record_mapping_options`` values from a command's kwargs; the ``RecordMap`` (or None)."""
    from readout.ingest.records import from_options, load_profile

    profile = kwargs.pop("map_profile", None)
    parts = {k[4:]: kwargs.pop(k) for k in list(kwargs) if k.startswith("map_")}
    base = load_profile(profile) if profile else None  # a bad profile is E013, one line from the CLI
    return from_options(base, **parts)


def region_name_or_code(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate a ``--region`` value, a name (天津) or a GB/T 2260 code or prefix (120000, 12): E204 otherwise."""
    if not value:
        return None
    from readout.store.places import resolve

    try:
        resolve(value)
    except ReadoutError as exc:
        raise click.BadParameter(exc.message) from None
    return value


REGION_HELP = "A region by name (天津, 四川省) or GB/T 2260 code or prefix (120000, 12); 全国 for central bodies."
