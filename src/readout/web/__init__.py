"""``readout serve``: a local, read-only web UI over a readout database (docs/web.md)."""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(db, **kwargs):  # noqa: ANN001, ANN201 - lazy import keeps `import readout.web` light
    from readout.web.app import create_app as _create

    return _create(db, **kwargs)
