"""`python -m benchmarks` (`make bench`): measure, save benchmarks/results.json, write docs/benchmarks.md.

Sections: corpus, extraction, build, queries, reports, startup. ``--only`` re-measures some of
them; the others keep their last results. ``--render`` only rewrites the Markdown.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from benchmarks import build, corpus, extraction, machine, queries, render, report_runs, startup
from benchmarks.measure import cpu_busy

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results.json")
DOC = ROOT / "docs" / "benchmarks.md"
SECTIONS = ("extraction", "build", "queries", "reports", "startup")


def _ints(s: str) -> list[int]:
    return [int(x) for x in s.split(",") if x]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument(
        "--work",
        type=Path,
        default=Path("/tmp/regionhealth-bench"),
        help="corpora, stores and scratch output (default: %(default)s)",
    )
    p.add_argument(
        "--sizes", type=_ints, default=[5, 1000, 10000], help="corpus sizes (default: 5,1000,10000)"
    )
    p.add_argument("--seed", type=int, default=1, help="corpus generator seed")
    p.add_argument(
        "--only",
        type=lambda s: s.split(","),
        default=list(SECTIONS),
        help=f"sections to measure, comma-separated (default: all of {','.join(SECTIONS)})",
    )
    p.add_argument(
        "--reps", type=int, default=3, help="repetitions up to 1 000 documents (default: 3)"
    )
    p.add_argument(
        "--reps-large", type=int, default=1, help="repetitions at 10 000 documents (default: 1)"
    )
    p.add_argument(
        "--build-jobs",
        type=_ints,
        default=[1, 2],
        help="--jobs values for the builds (default: 1,2)",
    )
    p.add_argument(
        "--large-build-jobs",
        type=_ints,
        default=[1, 2],
        help="--jobs values for the largest corpus (default: 1,2)",
    )
    p.add_argument("--query-reps", type=int, default=50, help="runs per query (default: 50)")
    p.add_argument(
        "--report-reps",
        type=int,
        default=1,
        help="repetitions of the report set (default: 1, ~6 min each)",
    )
    p.add_argument(
        "--quiet-wait",
        type=float,
        default=0.0,
        help="before each build/report repetition wait up to this many seconds for other load to end",
    )
    p.add_argument(
        "--render", action="store_true", help="only rewrite docs/benchmarks.md from results.json"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if not args.render:
        t_start = time.perf_counter()
        args.work.mkdir(parents=True, exist_ok=True)
        sizes = sorted(set(args.sizes) | {5})
        print(f"corpora {sizes} in {args.work}", flush=True)
        corpora = {n: corpus.generate(n, args.work / f"corpus-{n}", seed=args.seed) for n in sizes}
        homes = {n: build.home_for(corpora[n], args.work / f"home-{n}") for n in sizes}
        largest = max(sizes)
        results["machine"] = machine.describe()
        results["run"] = {
            "argv": argv,
            "busy_at_start": round(cpu_busy(2.0), 2),
            "command": "python -m benchmarks " + " ".join(argv or []),
        }
        # Corpora are fixed by size and seed: a run over some sizes keeps the others' entries.
        results.setdefault("corpus", {}).update(
            {
                str(n): {
                    "documents": n,
                    "mb": extraction.megabytes(extraction.load_texts(corpora[n])),
                    "regions": sum(1 for _ in open(corpora[n] / "regions.csv")) - 1,
                }
                for n in sizes
            }
        )
        results["corpus"]["seed"] = args.seed
        reps = {n: (args.reps if n <= 1000 else args.reps_large) for n in sizes}
        if "extraction" in args.only:
            results["extraction"] = extraction.run(corpora, reps, quiet_wait=args.quiet_wait)
        if "build" in args.only or not build.store_of(homes[largest]).exists():
            plan = [
                (n, j, reps[n])
                for n in sizes
                if n > 5
                for j in (args.large_build_jobs if n == largest and n > 1000 else args.build_jobs)
            ]
            results["build"] = build.run(homes, plan, args.work / "logs", args.quiet_wait)
        if (
            not build.store_of(homes[5]).exists()
            or "startup" in args.only
            or "reports" in args.only
        ):
            build.build_once(homes[5], 1, args.work / "logs")
            results.setdefault("build", {}).setdefault("mix", {})["5"] = build.statement_mix(
                build.store_of(homes[5])
            )
        if "queries" in args.only:
            results["queries"] = queries.run(build.store_of(homes[largest]), reps=args.query_reps)
        if "reports" in args.only:
            results["reports"] = report_runs.run(
                build.store_of(homes[5]), args.work, args.report_reps, quiet_wait=args.quiet_wait
            )
        if "startup" in args.only:
            results["startup"] = {
                "5": startup.run(homes[5]),
                str(largest): startup.run(homes[largest], reps=3),
            }
        for section in SECTIONS:
            if section in args.only and section in results:
                results.setdefault("measured", {})[section] = {
                    "date": results["machine"]["date"],
                    "git_commit": results["machine"]["git_commit"],
                    "command": results["run"]["command"],
                }
        results["run"]["duration_s"] = time.perf_counter() - t_start
        results["run"]["busy_at_end"] = round(cpu_busy(2.0), 2)
        RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n")
    results = json.loads(json.dumps(results, default=str))  # int keys → str, as after a reload
    DOC.write_text(
        render.markdown(
            results, (Path(__file__).with_name("analysis.md")).read_text(encoding="utf-8")
        ),
        encoding="utf-8",
    )
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
