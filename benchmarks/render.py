"""docs/benchmarks.md from benchmarks/results.json: tables, goals met or missed, then the analysis."""

from __future__ import annotations

from benchmarks.extraction import GOAL_SHAPES

GIB = 2**30


def _ms(s: float) -> str:
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    return [_row(*header), _row(*["---"] * len(header)), *(_row(*r) for r in rows)]


def _largest(d: dict) -> str:
    return max((k for k in d if k.isdigit()), key=int)


def goals(r: dict) -> list[list[object]]:
    """(goal, measured, met?) rows for every goal of the issue that this run measured."""
    out = []

    section = ""

    def add(goal: str, value: str, ok: bool, miss: str) -> None:
        out.append([goal, value, "met" if ok else f"**missed** ({miss})", _when(r, section)])

    if "extraction" in r:
        section = "extraction"
        n = _largest(r["extraction"]["sizes"])
        e = r["extraction"]["sizes"][n]
        add(
            'extraction within 20× the `re.finditer(r"\\d+")` floor per core',
            f"{e['ratio_to_floor']:.0f}× ({n} docs)",
            e["ratio_to_floor"] <= 20,
            f"{e['ratio_to_floor'] / 20:.1f}× over",
        )
        add(
            f"extraction ≥ 1.8× faster on {e['jobs']} cores than on 1",
            f"{e['speedup']:.2f}×",
            e["speedup"] >= 1.8,
            f"{1.8 - e['speedup']:.2f}× short",
        )
        shapes = r["extraction"].get("pathological") or []
        for label, rows in (
            (
                "the goal's four pathological shapes",
                [d for d in shapes if d["shape"] in GOAL_SHAPES],
            ),
            (
                "shapes added since (dense targets)",
                [d for d in shapes if d["shape"] not in GOAL_SHAPES],
            ),
        ):
            if rows:
                worst = max(rows, key=lambda d: d["s_per_mb"])
                add(
                    f"{label} each under 2 s per MB (CPU)",
                    f"slowest {worst['shape']}: {worst['s_per_mb']:.1f} s/MB",
                    worst["s_per_mb"] < 2,
                    f"{worst['s_per_mb'] / 2:.1f}× the budget",
                )
    if "build" in r and r["build"].get("runs"):
        section = "build"
        big = max(r["build"]["runs"], key=lambda x: (x["documents"], x["jobs"]))
        add(
            f"{big['documents']:,} documents built in under 2 minutes (--jobs {big['jobs']})",
            f"{big['median_wall_s']:.0f} s",
            big["median_wall_s"] < 120,
            f"{big['median_wall_s'] / 120:.1f}× the budget",
        )
        peak = max(
            x["peak_tree_rss_bytes"]
            for x in r["build"]["runs"]
            if x["documents"] == big["documents"]
        )
        add(
            "peak build memory under 1.5 GiB (sum of RSS over the process tree)",
            f"{peak / GIB:.2f} GiB",
            peak < 1.5 * GIB,
            f"{peak / (1.5 * GIB):.1f}× the budget",
        )
    if "queries" in r:
        section = "queries"
        q = [x for x in r["queries"]["queries"] if x["param"] is not None]
        worst = max(q, key=lambda x: x["median_s"])
        add(
            f"comparison views under 50 ms at {r['queries']['documents']:,} documents",
            f"slowest {worst['view']} {_ms(worst['median_s'])}",
            worst["median_s"] < 0.05,
            f"{worst['median_s'] / 0.05:.1f}× the budget",
        )
    if "reports" in r:
        section = "reports"
        ra = r["reports"]["ratios"]
        if "reports_jobs2/loop" in ra:
            add(
                "report set with --jobs 2 at most 0.6× the sequential papermill loop",
                f"{ra['reports_jobs2/loop']:.2f}×",
                ra["reports_jobs2/loop"] <= 0.6,
                f"{ra['reports_jobs2/loop'] - 0.6:+.2f}",
            )
            add(
                "report set with --jobs 2 within 1.5× of the trivial-notebook floor",
                f"{ra['reports_jobs2/floor_jobs2']:.2f}×",
                ra["reports_jobs2/floor_jobs2"] <= 1.5,
                f"{ra['reports_jobs2/floor_jobs2'] / 1.5:.1f}× the budget",
            )
    if "startup" in r:
        section = "startup"
        h = r["startup"]["5"]["help"]
        add(
            "`regionhealth --help` under 0.3 s",
            _ms(h["median_s"]),
            h["median_s"] < 0.3,
            f"{h['median_s'] / 0.3:.1f}×",
        )
        for k, label in (("help", "`--help`"), ("noop_build", "no-op `build`")):
            heavy = r["startup"]["5"][k]["heavy_ms"]
            bad = sorted(m for m in heavy if m in ("pandas", "altair", "papermill"))
            add(
                f"{label} imports neither pandas nor altair (nor papermill)",
                ", ".join(bad) or "none of them",
                not bad,
                ", ".join(bad),
            )
    return out


def _when(r: dict, section: str) -> str:
    """Date and commit a section was measured at."""
    stamp = r.get("measured", {}).get(section) or {
        "date": r["machine"]["date"],
        "git_commit": r["machine"]["git_commit"],
    }
    return f"{stamp['date'][:10]}, git {stamp['git_commit']}"


def _measured(r: dict, section: str) -> list[str]:
    """When, at which commit and by which command a section was measured, if that is not the run
    the *Machine* table describes (a section keeps its figures until it is measured again)."""
    stamp = r.get("measured", {}).get(section)
    if (
        not stamp
        or stamp["command"] == r["run"]["command"]
        and stamp["date"] == r["machine"]["date"]
    ):
        return []
    return [
        f"*Measured {stamp['date'][:16]} at git {stamp['git_commit']} by `{stamp['command']}`, not by the",
        "run above.*",
        "",
    ]


def markdown(r: dict, analysis: str) -> str:
    m, run = r["machine"], r["run"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`.venv/bin/python -m benchmarks`) from `benchmarks/results.json`; the analysis",
        "at the end is `benchmarks/analysis.md`. Every figure is the median of the runs stated, timed with",
        "`time.perf_counter` (in-process) or as a child process (wall time, CPU time from `wait4`, memory sampled",
        "with psutil every 50 ms). MB = 10⁶ bytes of UTF-8 raw text.",
        "",
        f"Command of this run: `{run['command']}` ({run.get('duration_s', 0) / 60:.0f} min).",
        "",
        "A full run takes more than the ~10 minutes aimed for, so repetitions are cut: 3 up to 1 000 documents,",
        "1 at 10 000 documents and 1 for the report set (one pass of its five variants takes ~6 minutes);",
        "`--reps`, `--reps-large` and `--report-reps` raise them. The *runs* columns give the count behind",
        "every median.",
        "",
        "## Machine",
        "",
        *_table(
            ["", ""],
            [
                ["date", m["date"]],
                ["CPU", f"{m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable)"],
                ["memory", f"{m['memory_gib']} GiB"],
                ["OS", m["os"]],
                ["Python", m["python"]],
                [
                    "code",
                    f"git {m['git_commit']}"
                    + (
                        f" + uncommitted changes in {', '.join(m['git_dirty'])}"
                        if m["git_dirty"]
                        else ""
                    ),
                ],
                ["packages", ", ".join(f"{k} {v}" for k, v in m["packages"].items())],
                [
                    "other load",
                    f"{run['busy_at_start']} cores busy at start, {run.get('busy_at_end', '?')} at end "
                    "(other processes on the machine; see *Noise* below)",
                ],
            ],
        ),
        "",
        "## Goals",
        "",
        *_table(["goal (2-core machine)", "measured", "verdict", "measured on"], goals(r)),
        "",
    ]
    c = r["corpus"]
    sizes = sorted((k for k in c if k.isdigit()), key=int)
    mix = r.get("build", {}).get("mix", {})
    lines += [
        "## 1. Corpus",
        "",
        f"`python -m benchmarks.corpus N OUT --seed {c['seed']}` writes a raw dir like `data/raw` (texts, `documents.csv`",
        "with sha256, `regions.csv`). The first five documents are the real ones; the others recombine their",
        "paragraphs and sentences with years, numbers, region names and order varied (see `benchmarks/corpus.py`).",
        "The statement mix per MB shows the synthetic corpora read like the real one:",
        "",
        *_table(
            [
                "documents",
                "MB",
                "regions",
                "numbers / MB",
                "targets / MB",
                "references / MB",
                "ignored / MB",
                "targets with an indicator",
                "theme mentions / MB",
                "store size",
            ],
            [
                [
                    f"{int(n):,}",
                    f"{c[n]['mb']:.1f}",
                    f"{c[n]['regions']:,}",
                    *(
                        [
                            f"{mix[n]['mentions_per_mb']:.0f}",
                            f"{mix[n].get('target_per_mb', 0):.0f}",
                            f"{mix[n].get('reference_per_mb', 0):.0f}",
                            f"{mix[n].get('ignored_per_mb', 0):.0f}",
                            f"{mix[n]['mapped_share']:.0%}",
                            f"{mix[n]['theme_mentions_per_mb']:.0f}",
                            f"{mix[n]['store_bytes'] / 2**20:.0f} MiB",
                        ]
                        if n in mix
                        else ["–"] * 7
                    ),
                ]
                for n in sizes
            ],
        ),
        "",
    ]
    if "extraction" in r:
        e = r["extraction"]
        lines += [
            "## 2. Extraction throughput",
            "",
            *_measured(r, "extraction"),
            "`regionhealth.extract.pipeline.find_mentions` over texts already in memory (`benchmarks/extraction.py`); all",
            'cores = a fork `multiprocessing.Pool` over documents. The floor is one `re.finditer(r"\\d+")` pass over',
            "the same texts. The *catalog-regex floor* runs only the regexes find_mentions runs over whole texts (25",
            "ignore rules of `rules.yaml`, the quantity regex, 6 year patterns, 2 splitters) and nothing else: what the",
            "catalog costs before any Python decides anything. *Build per doc* adds `find_theme_mentions`, the other",
            "per-document step of the build. CPU MB/s: per CPU-second of the extracting processes (insensitive to",
            "other load on the machine). As in the build, objects alive once the catalog is loaded are left out of",
            "later garbage collections (`catalog.freeze_heap`). Runs are interleaved (a floor run, the",
            "catalog regexes, find_mentions on 1 process, then on 2, a floor run) and each × column and the",
            "speed-up are medians of the ratios within a run, so that the machine's drifting speed affects",
            "both sides of a ratio alike.",
            "",
            *_table(
                [
                    "documents",
                    "MB",
                    "runs",
                    "`\\d+` floor MB/s",
                    "catalog-regex floor MB/s",
                    "find_mentions MB/s, 1 process",
                    "× `\\d+` floor",
                    "× catalog-regex floor",
                    f"MB/s, {next(iter(e['sizes'].values()))['jobs']} processes",
                    "speed-up",
                    "CPU MB/s (1 / all)",
                    "build per doc MB/s, 1 process",
                    "busy cores before / after",
                ],
                [
                    [
                        f"{int(n):,}",
                        f"{s['mb']:.1f}",
                        s["reps"],
                        f"{s['floor_mb_s']:.0f}",
                        f"{s['regex_floor_mb_s']:.2f}",
                        f"{s['one_mb_s']:.2f}",
                        f"{s['ratio_to_floor']:.0f}×",
                        f"{s['ratio_to_regex_floor']:.2f}×",
                        f"{s['multi_mb_s']:.2f}",
                        f"{s['speedup']:.2f}×",
                        f"{s['one_cpu_mb_s']:.2f} / {s['multi_cpu_mb_s']:.2f}",
                        f"{s['one_themes_mb_s']:.2f}" if "one_themes_mb_s" in s else "–",
                        f"{s['busy_before']:.2f} / {s['busy_after']:.2f}",
                    ]
                    for n, s in sorted(e["sizes"].items(), key=lambda x: int(x[0]))
                ],
            ),
            "",
            "Cost against document length (one real document repeated k times, one process):",
            "",
            *_table(
                ["copies", "MB", "seconds", "MB/s"],
                [
                    [d["copies"], f"{d['mb']:.2f}", f"{d['s']:.3f}", f"{d['mb_s']:.2f}"]
                    for d in e["document_length"]
                ],
            ),
            "",
        ]
        if e.get("pathological"):
            lines += [
                "Pathological shapes (`benchmarks/extraction.py: SHAPES`), CPU seconds per MB at two sizes:",
                "the same figure at both sizes means the cost is linear in the document's length.",
                "",
                *_table(
                    ["shape", "characters", "s/MB (CPU)", "mentions"],
                    [
                        [
                            d["shape"],
                            f"{d['chars']:,}",
                            f"{d['s_per_mb']:.1f}",
                            f"{d['mentions']:,}",
                        ]
                        for d in e["pathological"]
                    ],
                ),
                "",
            ]
    if "build" in r and r["build"].get("runs"):
        b = r["build"]["runs"]
        lines += [
            "## 3. Build",
            "",
            *_measured(r, "build"),
            f"`{b[0]['command']}`, HOME's `data/raw` being the corpus (`benchmarks/build.py`), including the",
            "data checks and the Parquet/CSV exports. Peak memory: the largest sum over the process tree",
            "(parent + extraction workers) of RSS and of PSS (shared pages split), and the largest single process.",
            "",
            *_table(
                [
                    "documents",
                    "--jobs",
                    "runs",
                    "wall (median)",
                    "CPU",
                    "peak tree RSS",
                    "peak tree PSS",
                    "largest process",
                    "busy cores before",
                ],
                [
                    [
                        f"{x['documents']:,}",
                        x["jobs"],
                        x["reps"],
                        f"{x['median_wall_s']:.1f} s",
                        f"{x['median_cpu_s']:.1f} s",
                        f"{x['peak_tree_rss_bytes'] / GIB:.2f} GiB",
                        f"{x['peak_tree_pss_bytes'] / GIB:.2f} GiB",
                        f"{x['maxrss_bytes'] / GIB:.2f} GiB",
                        ", ".join(str(v) for v in x["busy_before"]),
                    ]
                    for x in b
                ],
            ),
            "",
        ]
    if "queries" in r:
        q = r["queries"]
        lines += [
            "## 4. Queries",
            "",
            *_measured(r, "queries"),
            f"Read-only DuckDB connection to the {q['documents']:,}-document store ({q['targets']:,} targets); each",
            f"query executed and all rows fetched {q['queries'][0]['reps']} times after 3 warm-up runs; *cold* is the",
            "first run on a fresh connection. The bound value is the largest answer: the indicator with most",
            "targets, the region with most theme mentions (`benchmarks/queries.py`).",
            "",
            *_table(
                ["query", "parameter", "rows", "median", "p95", "cold"],
                [
                    [
                        f"`{x['sql']}`",
                        x["param"] or "",
                        f"{x['rows']:,}",
                        _ms(x["median_s"]),
                        _ms(x["p95_s"]),
                        _ms(x["cold_s"]),
                    ]
                    for x in q["queries"]
                ],
            ),
            "",
        ]
    if "reports" in r:
        rp = r["reports"]
        names = {
            "loop": "shell loop, papermill CLI per report (sequential)",
            "floor_jobs1": "trivial notebooks, 1 worker",
            "reports_jobs1": "`regionhealth reports --jobs 1`",
            "floor_jobs2": "trivial notebooks, 2 workers",
            "reports_jobs2": "`regionhealth reports --jobs 2`",
        }
        lines += [
            "## 5. Reports",
            "",
            *_measured(r, "reports"),
            f"The {rp['reports']} runs of `reports.toml` on the five-document store, each variant with a fresh `--out`",
            f"(no cache hit possible), interleaved, {rp['reps']} repetition{'s' if rp['reps'] != 1 else ''} (`benchmarks/report_runs.py`).",
            "",
            *_table(
                ["variant", "command", "wall (median)", "CPU (median)", "runs"],
                [
                    [
                        names.get(k, k),
                        f"`{rp['commands'][k]}`",
                        f"{v:.1f} s",
                        f"{sorted(rp['cpu_s'][k])[len(rp['cpu_s'][k]) // 2]:.1f} s",
                        ", ".join(f"{t:.1f}" for t in rp["wall_s"][k]),
                    ]
                    for k, v in rp["median_s"].items()
                ],
            ),
            "",
            *_table(
                ["ratio (same run)", "value"], [[k, f"{v:.2f}×"] for k, v in rp["ratios"].items()]
            ),
            "",
        ]
        if rp["failures"]:
            lines += ["Failures: " + "; ".join(rp["failures"]), ""]
    if "startup" in r:
        rows = []
        for n, s in sorted(r["startup"].items(), key=lambda x: int(x[0])):
            for k in ("help", "noop_build"):
                x = s[k]
                rows.append(
                    [
                        f"`{x['cmd']}`",
                        f"{int(n):,}",
                        _ms(x["median_s"]),
                        f"{x['import_total_ms']:.0f} ms",
                        ", ".join(
                            f"{m} {v:.0f} ms"
                            for m, v in sorted(x["heavy_ms"].items(), key=lambda y: -y[1])
                        )
                        or "none",
                    ]
                )
        lines += [
            "## 6. Start-up",
            "",
            *_measured(r, "startup"),
            "Wall time of the console script as a child process (median of 10 runs, 3 at the largest store) and",
            "what it imports (`python -X importtime`; cumulative ms of each heavy top-level package).",
            "",
            *_table(
                [
                    "command",
                    "store of (documents)",
                    "wall (median)",
                    "imports total",
                    "heavy packages imported",
                ],
                rows,
            ),
            "",
        ]
    return "\n".join(lines) + "\n" + analysis.strip() + "\n"
