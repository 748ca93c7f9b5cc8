"""What a ``--region`` argument means: a name or a code, resolved once for every command and page.

``resolve("天津")``, ``resolve("天津市")``, ``resolve("120000")`` and ``resolve("12")`` are
the same place; ``resolve("成都")`` is the prefecture 510100 (prefix ``5101``);
``resolve("全国")`` is the national level and ``resolve("缅甸")`` a country. The store
locates events, sections and documents by province-level region (GB/T 2260 code, or the
name ``全国`` / a country name with no code), so ``Place.where`` filters those columns
and refuses a place below province level with a message naming its province; the
roster, whose offices have jurisdictions at every level, filters by ``Place.prefix``.
"""

from __future__ import annotations

from dataclasses import dataclass

from readout.errors import Errors, ReadoutError

__all__ = ["Place", "resolve", "NATIONAL"]

NATIONAL = "全国"
_NATIONAL_WORDS = frozenset({"全国", "中央", "national", "china", "中国"})


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved region argument."""

    given: str  # as the user wrote it
    name: str  # standard full name (天津市), 全国, or a country's common name
    code: str | None  # the unit's GB/T 2260 code; None for 全国 and countries
    prefix: str | None  # code prefix of the unit and everything under it: 12, 5101, 110105
    level: str  # area (a group of provinces) | province | prefecture | county | national | country
    province: str | None = None  # full name of its province (for a message)

    @property
    def located(self) -> bool:
        """True when province-level columns can answer for it (province, 全国 or a country)."""
        return self.level in ("area", "province", "national", "country")

    def code_range(self) -> tuple[str, str]:
        """``(lo, hi)`` with ``lo <= code < hi`` exactly for codes under ``prefix`` (an indexable range)."""
        if self.prefix is None:
            raise ValueError(f"{self.name} has no code")
        p = self.prefix
        return p, p[:-1] + chr(ord(p[-1]) + 1)

    def where(self, code_col: str, name_col: str, what: str = "rows") -> tuple[str, list[str]]:
        """An SQL condition (and its arguments) on province-level region columns.

        Raises E205 for a place below province level: those columns cannot say which
        rows are in it, and widening to the province silently would mislead.
        """
        if self.level in ("national", "country"):
            return f"{name_col} = ?", [self.name]
        lo, hi = self.province_range(what)
        return f"({code_col} >= ? AND {code_col} < ?)", [lo, hi]

    def province_range(self, what: str = "rows") -> tuple[str, str]:
        """``code_range`` for a province-level place; E205 for any other (a city, 全国, a country)."""
        if self.level not in ("area", "province"):
            hint = (f"use its province ({self.province}) instead" if self.province and self.code
                    else "give a province-level name or code")
            raise ReadoutError(Errors.E205, what=what, name=self.name, hint=hint)
        return self.code_range()


def _prefix(code: str) -> str:
    """120000 -> 12, 510100 -> 5101, 110105 -> 110105 (trailing 00 pairs name the whole level)."""
    p = code
    while len(p) > 2 and p.endswith("00"):
        p = p[:-2]
    return p


def resolve(value: str) -> Place:
    """A region name (天津, 天津市, 成都, 全国, 缅甸) or GB/T 2260 code or prefix (120000, 12) → ``Place``.

    Raises ``ReadoutError`` E204 naming the value when nothing matches.
    """
    from readout.extract.regions import load_gazetteer

    given = value
    value = value.strip()
    if not value:
        raise ReadoutError(Errors.E204, value=given)
    if value.lower() in _NATIONAL_WORDS:
        return Place(given, NATIONAL, None, None, "national")
    gaz = load_gazetteer()
    if value.isdigit() and len(value) <= 6:
        unit = gaz.unit(value.ljust(6, "0")) if len(value) % 2 == 0 else None
        if unit is not None:
            return Place(given, unit.name, unit.code, _prefix(value) if len(value) < 6 else _prefix(unit.code),
                         unit.level, unit.province)
        if any(u.code.startswith(value) for u in gaz.units if u.code):
            # one digit is a group of provinces (GB/T 2260: 1 华北, 2 东北, 3 华东, 4 中南, 5 西南, 6 西北)
            level = "area" if len(value) == 1 else "county" if len(value) > 4 else "prefecture"
            return Place(given, value, None, value, level)
        raise ReadoutError(Errors.E204, value=given)
    units = gaz.all_by_name(value)
    if not units:
        raise ReadoutError(Errors.E204, value=given)
    u = units[0]  # the highest level first (天津 is the municipality, not a district)
    if u.level == "country":
        return Place(given, u.name, None, None, "country")
    return Place(given, u.name, u.code, _prefix(u.code), u.level, u.province)
