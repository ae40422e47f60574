"""Synthetic corpora: N policy documents recombined from the sentences of the five real ones.

Document 0..4 are the real texts, byte for byte. Every further document takes one real document
as its skeleton (header and paragraph order), shuffles the sentences inside its body paragraphs,
swaps some paragraphs for paragraphs of the other documents, shifts every year by a per-document
offset (so targets stay after the publication year), scales the Arabic numbers of each paragraph
by one factor (so ranges keep their order) and renames the regions to synthetic ones: ~2 850
counties in 31 provinces, the size of China's county level. Same seed, same bytes.

The output is a raw dir like data/raw: texts, documents.csv (with sha256), regions.csv.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from regionhealth.catalog.units import load_units
from regionhealth.paths import CATALOG_DIR, RAW_DIR
from regionhealth.sources.registry import (
    DOCUMENT_COLUMNS,
    REGION_COLUMNS,
    load_documents,
    load_regions,
)
from regionhealth.text import clean as textmod

GENERATOR_VERSION = "1"
N_PROVINCES = 31
# Characters for synthetic place names: none is a numeral (一…十, 百, 千, 万, 两, 〇), and those
# that start a unit word (台, as in 台州) are dropped in synthetic_regions, so that renaming a
# region never changes how the number before its name is read ("0\n台州市" could read "0台").
NAME_CHARS = "安宁平山江河清阳溪丰和泰兴德源临永长新东西南北宜嘉昌林松桂云湖丘岭泉鹤凤龙盛汉济武昭靖远通台石桥宝春阜兰桐柳梅荣瑞祥光明英仁金玉开定信崇峰"
SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")
# One pass over a paragraph: an ISO date or a standalone year (1990-2050) is shifted; an Arabic
# number that may be a quantity is scaled. Never touched: thousands-separated numbers, numbers
# with a leading zero or more than six digits (index numbers), fraction denominators (/10万),
# dates, times, list indices, ordinals (第3) and relative year spans (5年).
TOKEN = re.compile(
    r"(?P<date>(?<!\d)(?:199\d|20[0-4]\d)(?=-\d{1,2}-\d{1,2}(?!\d)))"
    r"|(?P<year>(?<![\d.])(?:199\d|20[0-4]\d|2050)(?![\d.]))"
    r"|(?P<num>(?<![\d.,/:：第])(?<!\d\d\d\d-)\d+(?:\.\d+)?(?![\d.,]?\d)"
    r"(?!\s*(?:年|月|日|号|届|期|[.、．](?!\d)|:|：)))"
)


@dataclass(frozen=True)
class Region:
    region_id: str
    name_zh: str
    short: str
    admin_code: str
    level: str  # 省 / 地 / 县
    parent_id: str
    province_id: str


def synthetic_regions(seed: int) -> list[Region]:
    """31 provinces, ~340 prefectures, ~2 850 counties with unique made-up names and codes."""
    rng = random.Random(f"regions:{seed}")
    unit_starts = {w[0] for w, _ in load_units(CATALOG_DIR).words}
    chars = [c for c in NAME_CHARS if c not in unit_starts]
    pairs = [a + b for a in chars for b in chars if a != b]
    rng.shuffle(pairs)
    names = iter(pairs)
    out: list[Region] = []
    for p in range(N_PROVINCES):
        pp = 12 + p  # two-digit province part of the code; the real five use 31, 33, 34, 45
        if pp in (31, 33, 34, 45):
            pp += 40
        pshort = next(names)
        prov = Region(f"r{pp}0000", pshort + "省", pshort, f"{pp}0000", "省", "", f"r{pp}0000")
        out.append(prov)
        for m in range(1, rng.randint(10, 13)):
            mshort = next(names)
            pref = Region(
                f"r{pp}{m:02d}00",
                mshort + "市",
                mshort,
                f"{pp}{m:02d}00",
                "地",
                prov.region_id,
                prov.region_id,
            )
            out.append(pref)
            for c in range(1, rng.randint(8, 12)):
                cshort = next(names)
                suffix = rng.choice("县县县市区")
                out.append(
                    Region(
                        f"r{pp}{m:02d}{c:02d}",
                        cshort + suffix,
                        cshort,
                        f"{pp}{m:02d}{c:02d}",
                        "县",
                        pref.region_id,
                        prov.region_id,
                    )
                )
    return out


@dataclass
class Source:
    """One real document cut into paragraphs, with what the generator needs to recombine it."""

    doc: dict[str, str]
    year: int
    level: str
    head: list[str]  # header paragraphs, kept in place
    body: list[str]  # body paragraphs, recombined
    names: list[
        tuple[str, str, bool]
    ]  # (name, level, is the full name) of the region and its ancestors


def _paragraphs(raw: str) -> list[str]:
    """``raw`` cut at the library's paragraph starts, nothing lost: ''.join(result) == raw."""
    spans = textmod.paragraphs(textmod.clean(raw))
    cuts = [0] + [s.start for s in spans[1:]] + [len(raw)]
    return [raw[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def load_sources(raw_dir: Path = RAW_DIR) -> list[Source]:
    """The real documents of ``raw_dir`` as recombination sources."""
    regions = {r["region_id"]: r for r in load_regions(raw_dir)}
    with open(raw_dir / "documents.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        raw = (raw_dir / row["file"]).read_text(encoding="utf-8")
        paras = _paragraphs(raw)
        n_head = max(3, len(paras) // 8)
        names: list[tuple[str, str, bool]] = []
        rid = row["region_id"]
        while rid:
            r = regions[rid]
            for n in [r["name_zh"], *r["aliases"].split(";")]:
                # only the name and its short forms (乐清市, 乐清); a generic alias (自治区) stays
                if n and r["name_zh"].startswith(n):
                    names.append((n, r["admin_level"], n == r["name_zh"]))
            rid = r["parent_id"]
        out.append(
            Source(
                row,
                int(row["published_date"][:4]),
                regions[row["region_id"]]["admin_level"],
                paras[:n_head],
                paras[n_head:],
                names,
            )
        )
    return out


def _vary_numbers(s: str, year_delta: int, factor: float) -> str:
    """Years and dates shifted by ``year_delta``; quantities times ``factor`` at the same precision."""

    def one(m: re.Match[str]) -> str:
        t = m.group(0)
        if m.group("num") is None:
            return str(min(2050, int(t) + year_delta))
        if factor == 1.0 or (t.startswith("0") and not t.startswith("0.")) or len(t) > 6:
            return t
        v = float(t)
        if v == 0:
            return t
        decimals = len(t.split(".")[1]) if "." in t else 0
        new = round(v * factor, decimals)
        if new <= 0:
            new = 10.0**-decimals
        if v <= 100 < new and s[m.end() : m.end() + 1] in "%％":
            new = 100.0  # a percentage stays a percentage
        return f"{new:.{decimals}f}"

    return TOKEN.sub(one, s)


def _renamer(src: Source, target: dict[str, Region], own_level: str):
    """A function renaming the source's region names to the target's, in one regex pass."""
    repl: dict[str, str] = {}
    for name, level, full in src.names:
        r = target.get(level) or target[own_level]
        repl[name] = r.name_zh if full else r.short
    pattern = re.compile("|".join(re.escape(n) for n in sorted(repl, key=len, reverse=True)))
    return lambda s: pattern.sub(lambda m: repl[m.group(0)], s)


def _vary(
    s: str, src: Source, year_delta: int, factor: float, target: dict[str, Region], own_level: str
) -> str:
    return _renamer(src, target, own_level)(_vary_numbers(s, year_delta, factor))


def _shuffle_sentences(p: str, rng: random.Random) -> str:
    body = p.rstrip()
    tail = p[len(body) :]
    parts = [x for x in SENTENCE_END.split(body) if x]
    if len(parts) < 3:
        return p
    rest = parts[1:]
    rng.shuffle(rest)  # the first sentence (often a heading or list marker) stays first
    return "".join([parts[0], *rest]) + tail


def synthetic_document(
    i: int,
    seed: int,
    sources: list[Source],
    by_level: dict[str, list[Region]],
    ancestors: dict[str, dict[str, Region]],
) -> tuple[dict[str, str], str]:
    """Registry row and text of synthetic document ``i`` (i >= number of real documents)."""
    rng = random.Random(f"doc:{seed}:{i}")
    base = rng.choice(sources)
    pool = by_level[base.level]
    region = pool[(i * 7919 + seed) % len(pool)]  # a stride through all regions of the level
    target = ancestors[region.region_id]
    year_delta = rng.choice((-1, 0, 0, 1, 2))
    year = base.year + year_delta
    paras = [_vary(p, base, year_delta, 1.0, target, region.level) for p in base.head]
    body: list[tuple[Source, str]] = []
    for p in base.body:
        r = rng.random()
        if r < 0.12:
            continue  # dropped
        if r < 0.37:  # replaced by a paragraph of any real document
            src = rng.choice(sources)
            body.append((src, rng.choice(src.body)))
        else:
            body.append((base, p))
        if rng.random() < 0.12:  # an extra paragraph
            src = rng.choice(sources)
            body.append((src, rng.choice(src.body)))
    for k in range(len(body) - 1):
        if rng.random() < 0.1:
            body[k], body[k + 1] = body[k + 1], body[k]
    for src, p in body:
        if rng.random() < 0.5:
            p = _shuffle_sentences(p, rng)
        factor = rng.uniform(0.8, 1.2)
        if not p.endswith(("\n", " ")):
            p += "\n"
        paras.append(_vary(p, src, year - src.year, factor, target, region.level))
    text = "".join(paras)
    d = base.doc
    kind = d["doc_id"].split("_", 2)[2]
    doc_id = f"{region.region_id}_{year}_{kind}_{i:05d}"

    def shift_date(s: str) -> str:
        if not s:
            return ""
        dt = date.fromisoformat(s)
        try:
            return dt.replace(year=dt.year + year_delta).isoformat()
        except ValueError:  # 29 February
            return dt.replace(year=dt.year + year_delta, day=28).isoformat()

    row = {
        "doc_id": doc_id,
        "region_id": region.region_id,
        "file": f"{doc_id}.txt",
        "title": _vary(d["title"], base, year_delta, 1.0, target, region.level),
        "issuer": _vary(d["issuer"], base, year_delta, 1.0, target, region.level),
        "doc_number": _vary(d["doc_number"], base, year_delta, 1.0, target, region.level),
        "index_number": "",
        "written_date": shift_date(d["written_date"]),
        "published_date": shift_date(d["published_date"]),
        "source_url": "",
        "encoding": "utf-8",
    }
    return row, text


def _stamp(n: int, seed: int, raw_dir: Path) -> str:
    h = hashlib.sha256(f"{GENERATOR_VERSION}:{n}:{seed}".encode())
    h.update(Path(__file__).read_bytes())
    for p in sorted(raw_dir.iterdir()):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def generate(n: int, out: Path, seed: int = 1, raw_dir: Path = RAW_DIR) -> Path:
    """Write a raw dir of ``n`` documents to ``out`` (reused when it exists with the same inputs)."""
    stamp = _stamp(n, seed, raw_dir)
    stamp_file = out / ".corpus.json"
    if stamp_file.is_file() and json.loads(stamp_file.read_text())["stamp"] == stamp:
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    sources = load_sources(raw_dir)
    real = load_documents(raw_dir)
    if n < len(real):
        raise ValueError(f"a corpus holds at least the {len(real)} real documents")
    regions = synthetic_regions(seed)
    by_level: dict[str, list[Region]] = {}
    for r in regions:
        by_level.setdefault(r.level, []).append(r)
    index = {r.region_id: r for r in regions}
    ancestors: dict[str, dict[str, Region]] = {}
    for r in regions:
        chain, x = {}, r
        while True:
            chain[x.level] = x
            if not x.parent_id:
                break
            x = index[x.parent_id]
        ancestors[r.region_id] = chain
    with open(raw_dir / "documents.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        shutil.copyfile(raw_dir / row["file"], out / row["file"])
    # the registered reference files (the national line) come along unchanged
    if (raw_dir / "references.csv").is_file():
        shutil.copyfile(raw_dir / "references.csv", out / "references.csv")
        with open(raw_dir / "references.csv", encoding="utf-8", newline="") as f:
            for ref in csv.DictReader(f):
                shutil.copyfile(raw_dir / ref["file"], out / ref["file"])
    for i in range(len(rows), n):
        row, text = synthetic_document(i, seed, sources, by_level, ancestors)
        data = text.encode("utf-8")
        (out / row["file"]).write_bytes(data)
        row["sha256"] = hashlib.sha256(data).hexdigest()
        rows.append(row)
    with open(out / "documents.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=DOCUMENT_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    level_en = {"省": "province", "地": "prefecture", "县": "county"}
    with open(out / "regions.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=REGION_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(load_regions(raw_dir))
        for r in regions:
            w.writerow(
                {
                    "region_id": r.region_id,
                    "name_zh": r.name_zh,
                    "name_en": f"Synthetic {r.admin_code}",
                    "admin_code": r.admin_code,
                    "admin_level": r.level,
                    "admin_level_en": level_en[r.level],
                    "parent_id": r.parent_id,
                    "province_id": r.province_id,
                    "aliases": r.short,
                }
            )
    stamp_file.write_text(json.dumps({"stamp": stamp, "n": n, "seed": seed}))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus", description=__doc__.splitlines()[0]
    )
    p.add_argument("n", type=int, help="number of documents (the first five are the real ones)")
    p.add_argument("out", type=Path, help="raw dir to write")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    generate(args.n, args.out, args.seed)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
