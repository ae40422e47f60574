"""Extraction throughput: MB of raw text per second through find_mentions, 1 process and all cores.

The floor is one ``re.finditer(r"\\d+")`` pass over the same texts: the least any extractor of
numbers in pure Python can do. Texts are read into memory first; only the calls are timed.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import time
from datetime import date
from pathlib import Path

from benchmarks.measure import cpu_busy, median, repeat, wait_quiet
from regionhealth.catalog.loader import freeze_heap, load_catalog
from regionhealth.extract import quantities
from regionhealth.extract.pipeline import extract_document, find_mentions
from regionhealth.extract.themes import find_theme_mentions
from regionhealth.paths import CATALOG_DIR
from regionhealth.patterns.scan import MultiScan, Scan
from regionhealth.sources.rawfile import read_raw
from regionhealth.sources.registry import load_documents
from regionhealth.text import clean as text

_DIGITS = re.compile(r"\d+")
# Set before the pool forks: workers inherit the texts instead of receiving them through pipes.
_TEXTS: list[tuple[str, date]] = []
_REGEXES: list[re.Pattern[str] | Scan | MultiScan] = []


def load_texts(raw_dir: Path) -> list[tuple[str, date]]:
    """(raw text, publication date) of every document of a raw dir, in registry order."""
    return [
        (read_raw(d.path, d.encoding), d.published_date)
        for d in load_documents(raw_dir, check_files=False)
    ]


def megabytes(texts: list[tuple[str, date]]) -> float:
    """Size of the texts in MB (10^6 bytes of UTF-8), the unit of every throughput here."""
    return sum(len(t.encode("utf-8")) for t, _ in texts) / 1e6


def _floor(i: int) -> int:
    return sum(1 for _ in _DIGITS.finditer(_TEXTS[i][0]))


def _catalog_regexes() -> list[re.Pattern[str] | Scan | MultiScan]:
    """Every pattern find_mentions runs over a whole text: the catalog's ignore rules, the quantity
    regex, the year expressions, the paragraph and sentence splitters."""
    cat = load_catalog(CATALOG_DIR)
    return [
        cat.rules.ignore_scan,
        quantities._quantity_regex(cat),
        *cat.years.scans,
        text._PARAGRAPH,
        text._SENTENCE,
    ]


def _regex_floor(i: int) -> int:
    """Only the regex passes of find_mentions (no Python per match beyond iterating)."""
    t = text.clean(_TEXTS[i][0])
    return sum(
        sum(map(len, p.finditer_all(t)))
        if isinstance(p, MultiScan)
        else sum(1 for _ in p.finditer(t))
        for p in _REGEXES
    )


def _mentions(i: int) -> int:
    raw, published = _TEXTS[i]
    return len(find_mentions(raw, published, load_catalog(CATALOG_DIR)))


def _mentions_cpu(i: int) -> float:
    """CPU seconds find_mentions took on document ``i`` in this worker."""
    c = time.process_time()
    _mentions(i)
    return time.process_time() - c


def _document(i: int) -> int:
    """What the build does per document besides I/O: numbers and themes."""
    raw, published = _TEXTS[i]
    cat = load_catalog(CATALOG_DIR)
    extraction = extract_document(raw, published, cat)
    return len(extraction.mentions) + len(find_theme_mentions(extraction.doc))


def _warm(_: int) -> None:
    _mentions(0)


def _serial(fn) -> int:
    return sum(map(fn, range(len(_TEXTS))))


def _parallel(pool, fn, jobs: int, cpu: list[float]) -> None:
    chunk = max(1, min(32, len(_TEXTS) // (jobs * 8)))
    cpu.append(sum(pool.imap_unordered(fn, range(len(_TEXTS)), chunksize=chunk)))


def _serial_cpu(fn, cpu: list[float]) -> None:
    c = time.process_time()
    _serial(fn)
    cpu.append(time.process_time() - c)


def measure(texts: list[tuple[str, date]], reps: int, jobs: int, themes: bool = True) -> dict:
    """Median MB/s of the floor, find_mentions on 1 process and on ``jobs`` processes."""
    global _TEXTS, _REGEXES
    _TEXTS, _REGEXES = texts, _catalog_regexes()
    mb = megabytes(texts)
    _warm(0)  # compile the catalog's patterns once, as a long build would
    freeze_heap()  # as the build does once its catalog is loaded
    busy = cpu_busy(0.5)
    # Interleaved: each rep runs a floor pass, the catalog regexes, find_mentions on one process,
    # then on ``jobs`` processes, and a floor pass. The machine's speed drifts (the same floor has
    # read 133 and 211 MB/s on one corpus in two runs, and 250-document blocks of one run vary by
    # 15%), so each ratio compares runs made under the same conditions; the ratios and the
    # speed-up reported are medians of those within a rep.
    floor: list[float] = []
    regex_floor: list[float] = []
    one: list[float] = []
    one_cpu: list[float] = []
    multi: list[float] = []
    multi_cpu: list[float] = []
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_warm, range(jobs))
        for _ in range(reps):
            before = repeat(lambda: _serial(_floor), 1)
            regex_floor += repeat(lambda: _serial(_regex_floor), 1)
            one += repeat(lambda: _serial_cpu(_mentions, one_cpu), 1)
            multi += repeat(lambda: _parallel(pool, _mentions_cpu, jobs, multi_cpu), 1)
            floor += before + repeat(lambda: _serial(_floor), 1)
    res = {
        "documents": len(texts),
        "mb": mb,
        "reps": reps,
        "busy_before": busy,
        "floor_s": floor,
        "regex_floor_s": regex_floor,
        "one_s": one,
        "one_cpu_s": one_cpu,
        "jobs": jobs,
        "multi_s": multi,
        "multi_cpu_s": multi_cpu,
    }
    if themes:
        res["one_themes_s"] = repeat(lambda: _serial(_document), reps)
    res["busy_after"] = cpu_busy(0.5)
    for k in (
        "floor_s",
        "regex_floor_s",
        "one_s",
        "one_cpu_s",
        "one_themes_s",
        "multi_s",
        "multi_cpu_s",
    ):
        if k in res:
            res[k[:-2] + "_mb_s"] = mb / median(res[k])
    floor_of_rep = [(a + b) / 2 for a, b in zip(floor[::2], floor[1::2], strict=True)]
    res["ratio_to_floor"] = median([m / f for m, f in zip(one, floor_of_rep, strict=True)])
    res["ratio_to_regex_floor"] = median([m / r for m, r in zip(one, regex_floor, strict=True)])
    res["speedup"] = median([m / p for m, p in zip(one, multi, strict=True)])
    return res


def document_length(
    raw_dir: Path, factors: tuple[int, ...] = (1, 2, 4, 8), reps: int = 3
) -> list[dict]:
    """find_mentions on one real document repeated k times: is the cost linear in its length?"""
    docs = load_documents(raw_dir, check_files=False)
    base = max(docs[:5], key=lambda d: d.path.stat().st_size)
    raw = read_raw(base.path, base.encoding)
    cat = load_catalog(CATALOG_DIR)
    find_mentions(raw, base.published_date, cat)
    out = []
    for k in factors:
        text = "\n".join([raw] * k)
        t = median(repeat(lambda text=text: find_mentions(text, base.published_date, cat), reps))
        out.append(
            {
                "copies": k,
                "doc": base.doc_id,
                "mb": len(text.encode()) / 1e6,
                "s": t,
                "mb_s": len(text.encode()) / 1e6 / t,
            }
        )
    return out


# Pathological shapes: each must cost the same per MB at any size (linear), ideally < 2 s/MB.
SHAPES = {
    "one clause, many numbers": lambda n: (
        "到2025年，" + "".join(f"{i % 97}个" for i in range(n // 4))
    ),
    'a run of "1%"': lambda n: "1%" * (n // 2),
    "、-separated numbers": lambda n: "、".join(str(i % 1000) for i in range(n // 4)),
    "no sentence end": lambda n: "全市每千人口床位数达到5张，" * (n // 14),
    # (The four shapes above are the goal's: each under 2 CPU-s per MB.)
    # Shapes once quadratic (a deadline clause after each target; a list of dash items, each on
    # its own line; annual targets): each number's year, list lead-in and period are looked up
    # in time independent of the length.
    "a deadline after each target": lambda n: "床位达到5张，2025年底前完成，" * (n // 17),
    "a list of dash items": lambda n: "——新增床位5张;\n" * (n // 10),
    "annual targets": lambda n: "每年新增床位5张，" * (n // 9),
}


# The shapes the goal names (one clause of numbers, "1%", 、-lists, no sentence end); the
# others are dense targets, reported against the same 2 s/MB but in a row of their own.
GOAL_SHAPES = tuple(SHAPES)[:4]


def pathological(chars: tuple[int, ...] = (20_000, 400_000)) -> list[dict]:
    """CPU seconds per MB of find_mentions on each pathological shape at two sizes."""
    cat = load_catalog(CATALOG_DIR)
    find_mentions("到2025年，床位达到5张。", date(2023, 1, 1), cat)
    freeze_heap()  # as the build and `regionhealth extract` do once the catalog is loaded
    out = []
    for name, make in SHAPES.items():
        for n in chars:
            t = make(n)
            gc.collect()  # a full collection owed by earlier work is not this shape's cost
            c = time.process_time()
            found = len(find_mentions(t, date(2023, 1, 1), cat))
            cpu = time.process_time() - c
            mb = len(t.encode()) / 1e6
            out.append(
                {
                    "shape": name,
                    "chars": len(t),
                    "mb": mb,
                    "cpu_s": cpu,
                    "s_per_mb": cpu / mb,
                    "mentions": found,
                }
            )
            print(
                f"  {name:26s} {len(t):>7} chars: {cpu / mb:7.1f} s/MB ({found} mentions)",
                flush=True,
            )
    return out


def run(
    corpora: dict[int, Path], reps: dict[int, int], jobs: int | None = None, quiet_wait: float = 0.0
) -> dict:
    """Throughput per corpus size and the document-length check."""
    jobs = jobs or os.cpu_count() or 1
    sizes = {}
    for n, raw_dir in corpora.items():
        if quiet_wait:
            wait_quiet(quiet_wait)
        sizes[n] = measure(load_texts(raw_dir), reps.get(n, 1), jobs, themes=n <= 1000)
        s = sizes[n]
        print(
            f"  extraction {n:>6} docs: {s['one_mb_s']:.2f} MB/s on 1 process, {s['multi_mb_s']:.2f} MB/s on {jobs}, "
            f"floor {s['floor_mb_s']:.0f} MB/s, catalog regexes {s['regex_floor_mb_s']:.2f} MB/s",
            flush=True,
        )
    first = next(iter(corpora.values()))
    return {
        "sizes": sizes,
        "document_length": document_length(first),
        "pathological": pathological(),
    }
