"""Click option callbacks shared by the commands of every package."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from readout.ingest.records import RecordMap

from readout.errors import Errors, ReadoutError
from readout.ingest.limits import Limits

_D = Limits()


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


def record_mapping(kwargs: dict) -> RecordMap | None:
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


_LIMITS = [
    click.option("--max-bytes", type=click.IntRange(1, 1 << 40), default=None,
                 help=f"Largest file or archive member read, in bytes [default: {_D.max_bytes:,}]."),
    click.option("--max-chars", type=click.IntRange(1, 1 << 32), default=None,
                 help=f"Longest document read, in characters [default: {_D.max_chars:,}]."),
    click.option("--max-unpacked", type=click.IntRange(1, 1 << 50), default=None,
                 help=f"Most bytes one archive (with the archives in it) may unpack to [default: {_D.max_unpacked:,}]."),
    click.option("--max-members", type=click.IntRange(1, 1 << 32), default=None,
                 help=f"Most members one archive may hold [default: {_D.max_members:,}]."),
    click.option("--max-ratio", type=click.IntRange(1, 1 << 20), default=None,
                 help=f"Highest compression ratio of an archive member past 1 MB [default: {_D.max_ratio}]."),
    click.option("--max-depth", type=click.IntRange(1, 16), default=None,
                 help=f"Archives inside archives, levels [default: {_D.max_depth}]."),
    click.option("--follow-symlinks", is_flag=True, help="Follow symlinks that lead out of a folder being read."),
]


def limits_options(f):  # noqa: ANN001, ANN202
    """The ``readout.ingest.Limits`` flags, for every command that reads inputs."""
    for opt in reversed(_LIMITS):
        f = opt(f)
    return f


def limits_from(params: dict[str, object]) -> Limits:
    """``Limits`` from the values of ``limits_options`` (None: the default)."""
    from dataclasses import replace

    given: dict[str, Any] = {k: v for k, v in params.items() if v is not None and k != "follow_symlinks"}
    return replace(Limits(), **given, follow_symlinks=bool(params.get("follow_symlinks")))
