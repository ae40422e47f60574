"""What changed between two builds: targets added, removed and changed per region and indicator."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb

from regionhealth.errors import RegionhealthError

TARGET_KEYS_SQL = "SELECT target_id, region_id, indicator_code, value, value_high, comparator, target_year, scope FROM targets"


def target_keys_or_none(store: Path) -> dict[str, tuple]:
    """Like read_target_keys, but {} when there is no readable previous store to compare with."""
    try:
        return read_target_keys(store)
    except RegionhealthError:
        return {}


def read_target_keys(store: Path) -> dict[str, tuple]:
    """target_id → (region, indicator, value, value_high, comparator, year, scope) of a store."""
    if not store.is_file():
        raise RegionhealthError(f"{store}: no such store")
    try:
        with duckdb.connect(str(store), read_only=True) as con:
            return {r[0]: r[1:] for r in con.execute(TARGET_KEYS_SQL).fetchall()}
    except duckdb.Error as exc:
        raise RegionhealthError(
            f"{store}: not a regionhealth store ({str(exc).splitlines()[0]})"
        ) from None


def diff_targets(old: dict[str, tuple], new: dict[str, tuple]) -> list[str]:
    """Per region and indicator: targets added, removed and changed between two builds."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for tid in new.keys() - old.keys():
        counts[(new[tid][0], new[tid][1] or "(unmapped)", "added")] += 1
    for tid in old.keys() - new.keys():
        counts[(old[tid][0], old[tid][1] or "(unmapped)", "removed")] += 1
    for tid in new.keys() & old.keys():
        if new[tid] != old[tid]:
            counts[(new[tid][0], new[tid][1] or "(unmapped)", "changed")] += 1
    return [
        f"{region} {indicator}: {n} {what}"
        for (region, indicator, what), n in sorted(counts.items())
    ]
