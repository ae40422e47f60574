"""cProfile of the per-document work of a build (extract_document + find_theme_mentions).

Run: python -m benchmarks.profile_extract RAW_DIR [--documents 300] [--top 15]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
from pathlib import Path

from benchmarks.extraction import load_texts
from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import extract_document, find_mentions
from regionhealth.extract.themes import find_theme_mentions
from regionhealth.paths import CATALOG_DIR


def main() -> int:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.profile_extract", description=__doc__.splitlines()[0]
    )
    p.add_argument("raw_dir", type=Path)
    p.add_argument("--documents", type=int, default=300)
    p.add_argument("--top", type=int, default=15)
    args = p.parse_args()
    texts = load_texts(args.raw_dir)[: args.documents]
    cat = load_catalog(CATALOG_DIR)
    find_mentions(*texts[0], cat)  # compile the patterns outside the profile
    prof = cProfile.Profile()
    prof.enable()
    for raw, published in texts:
        find_theme_mentions(extract_document(raw, published, cat).doc)
    prof.disable()
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).strip_dirs().sort_stats(key).print_stats(args.top)
        print(out.getvalue().split("\n", 4)[-1].strip("\n"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
