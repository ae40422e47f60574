"""MB/s of every whole-text regex pass of find_mentions, and the effect of a first-character lookahead.

The quantity regex starts with an alternation (fraction | range | single number), so Python's re
tries it at every position; prefixing ``(?=[0-9 and Chinese numeral characters])`` lets it skip the
positions that cannot start a number. The script checks that matches and find_mentions output stay
identical and times both. Run: python -m benchmarks.regex_passes RAW_DIR [--documents 400]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from benchmarks.extraction import load_texts, megabytes
from regionhealth import extract, text, years
from regionhealth.catalog import load_catalog
from regionhealth.numbers import CN_NUMERAL_CHARS

LOOKAHEAD = rf"(?=[\d{CN_NUMERAL_CHARS}])"


def _rate(mb: float, fn, items) -> tuple[float, list]:
    t0 = time.perf_counter()
    out = [fn(x) for x in items]
    return mb / (time.perf_counter() - t0), out


def main() -> int:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.regex_passes", description=__doc__.splitlines()[0]
    )
    p.add_argument("raw_dir", type=Path)
    p.add_argument("--documents", type=int, default=400)
    args = p.parse_args()
    texts = load_texts(args.raw_dir)[: args.documents]
    mb = megabytes(texts)
    cleaned = [text.clean(r) for r, _ in texts]
    cat = load_catalog()
    qty = extract._quantity_regex(cat)
    passes = [("\\d+ (floor)", re.compile(r"\d+")), ("quantity regex", qty)]
    passes += [
        (f"year {n}", getattr(years, n)) for n in ("_ABSOLUTE", "_PERIOD", "_PLAN", "_RELATIVE")
    ]
    passes += [(f"rule {r.reason}: {r.pattern.pattern[:30]}", r.pattern) for r in cat.rules.ignore]
    total = 0.0
    print(f"{mb:.1f} MB, {len(texts)} documents")
    for name, pat in passes:
        rate, _ = _rate(mb, lambda t, pat=pat: sum(1 for _ in pat.finditer(t)), cleaned)
        total += 0 if name.startswith("\\d+") else mb / rate
        print(f"  {rate:8.1f} MB/s  {name}")
    print(f"  {mb / total:8.1f} MB/s  all of the above but the floor, one after the other")
    fast = re.compile(LOOKAHEAD + qty.pattern)
    r1, a = _rate(mb, lambda t: [m.span() for m in qty.finditer(t)], cleaned)
    r2, b = _rate(mb, lambda t: [m.span() for m in fast.finditer(t)], cleaned)
    print(
        f"quantity regex {r1:.1f} → {r2:.1f} MB/s with the lookahead; identical matches: {a == b}"
    )
    original = extract._quantity_regex
    for label, fn in (
        ("as is", original),
        ("with lookahead", lambda c: re.compile(LOOKAHEAD + original(c).pattern)),
    ):
        extract._quantity_regex = fn
        _rate(mb, lambda x: extract.find_mentions(x[0], x[1], cat), texts[:5])  # warm
        rate, out = _rate(mb, lambda x: extract.find_mentions(x[0], x[1], cat), texts)
        if label == "as is":
            baseline = out
        print(
            f"find_mentions {label}: {rate:.2f} MB/s"
            + ("" if label == "as is" else f"; identical: {out == baseline}")
        )
    extract._quantity_regex = original
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
