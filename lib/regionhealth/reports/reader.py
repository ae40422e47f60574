"""The document reader: ``documents/<doc_id>.html``, each raw text with every number marked.

Every number the extraction saw is highlighted by kind (target, reference fact, ignored) with
the reason on hover, and carries an anchor ``#m-<offset>`` (its start in the raw text) that the
reports' tables and chart marks link to; theme evidence sentences carry ``#q-<offset>``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import duckdb

from regionhealth.reports import labels
from regionhealth.reports.pages import page

READER_DIR = "documents"

CSS = """
.rh-text { white-space: pre-wrap; font-size: 16px; line-height: 1.9; background: #fff;
           border: 1px solid #e3e3e3; padding: 1em 1.2em; }
mark { border-radius: 3px; padding: 0 1px; scroll-margin-top: 40vh; }
mark.k-target { background: #ffd8a8; border-bottom: 2px solid #e8590c; }
mark.k-reference { background: #d0ebff; border-bottom: 2px solid #1c7ed6; }
mark.k-ignored { background: #f1f3f5; color: #555; }
mark:target { outline: 3px solid #c2255c; background: #ffdeeb; }
.rh-anchor { scroll-margin-top: 40vh; } .rh-anchor:target::after { content: "▶"; color: #c2255c; }
.legend mark { margin-right: .8em; }
"""

DOCUMENT_SQL = """
select d.doc_id, d.title, d.issuer, d.doc_number, d.written_date, d.published_date, d.source_url,
    d.sha256, d.n_chars, d.file, r.name_zh, r.name_en, t.raw_text
from documents as d join regions as r using (region_id) join document_texts as t using (doc_id)
order by d.doc_id
"""
# A target's words (target_text '≥ 12 个', year_label) come from the view targets_labelled.
MENTIONS_SQL = """
select m.doc_id, m.char_start, m.char_end, m.kind, m.reason, m.target_id,
    t.target_text, t.year_label, t.year_basis, t.scope,
    t.indicator_name_zh || ' / ' || t.indicator_name_en as indicator_label
from mentions as m
left join targets_labelled as t using (target_id)
order by m.doc_id, m.char_start
"""
EVIDENCE_SQL = "select distinct doc_id, char_start from theme_mentions order by doc_id, char_start"


def _hover(m: dict[str, Any]) -> str:
    """The text shown when hovering a number: kind, reason, and for a target what it promises."""
    parts = [f"{labels.kind_text(m['kind'])}: {labels.reason_text(m['reason'])}"]
    if m["kind"] == "target" and m["target_id"]:
        # a mention whose target row is gone (a store changed by hand) keeps its mark
        parts.append(m["target_text"] or "")
        parts.append(m["indicator_label"] or "未归类指标 / no indicator yet")
        parts.append(f"{m['year_label'] or '—'} · {labels.year_basis_text(m['year_basis'])}")
        if m["scope"]:
            parts.append(labels.scope_text(m["scope"]))
    return "\n".join(parts)


def marked_text(raw: str, mentions: list[dict[str, Any]], anchors: list[int]) -> str:
    """``raw`` as HTML: numbers wrapped in <mark id="m-START">, evidence starts anchored."""
    events: list[tuple[int, int, str]] = [(a, 0, "") for a in anchors]
    events += [(m["char_start"], 1, "") for m in mentions]
    by_start = {m["char_start"]: m for m in mentions}
    out, pos = [], 0
    for start, kind, _ in sorted(events):
        if start < pos:  # overlaps a number already written: keep the text intact
            continue
        out.append(html.escape(raw[pos:start]))
        pos = start
        if kind == 0:
            out.append(f'<span class="rh-anchor" id="q-{start}"></span>')
            continue
        m = by_start[start]
        out.append(
            f'<mark id="m-{start}" class="k-{html.escape(m["kind"])}" '
            f'title="{html.escape(_hover(m))}">{html.escape(raw[start : m["char_end"]])}</mark>'
        )
        pos = m["char_end"]
    out.append(html.escape(raw[pos:]))
    return "".join(out)


def document_page(doc: dict[str, Any], mentions: list[dict[str, Any]], anchors: list[int]) -> str:
    """One document's reader page."""
    counts = {k: sum(1 for m in mentions if m["kind"] == k) for k in labels.KINDS}
    legend = "".join(
        f'<mark class="k-{k}">{html.escape(labels.kind_text(k))}</mark> {n} '
        for k, n in counts.items()
    )
    facts = [
        ("地区 / Region", f"{doc['name_zh']} {doc['name_en']}"),
        ("发文机关 / Issuer", doc["issuer"]),
        ("文号 / Doc. number", doc["doc_number"]),
        ("成文日期 / Written", doc["written_date"]),
        ("发布日期 / Published", doc["published_date"]),
        ("字数 / Characters", doc["n_chars"]),
        ("文件 / File", doc["file"]),
        ("SHA-256", doc["sha256"]),
    ]
    meta = " · ".join(f"{k}: {html.escape(str(v))}" for k, v in facts if v not in (None, ""))
    source = ""
    if doc["source_url"]:
        url = html.escape(doc["source_url"])
        source = f' · 来源 / Source: <a href="{url}" rel="noreferrer">{url}</a>'
    targets = [m for m in mentions if m["kind"] == "target"]
    rows = "".join(
        f'<tr><td><a href="#m-{m["char_start"]}">'
        f"{html.escape(m['target_text'] or '—')}"
        f"</a></td><td>{html.escape(m['indicator_label'] or '—')}</td>"
        f"<td>{html.escape(m['year_label'] or '—')}</td>"
        f"<td>{html.escape(labels.year_basis_text(m['year_basis']))}</td>"
        f"<td>{html.escape(labels.scope_text(m['scope']))}</td></tr>"
        for m in targets
    )
    table = (
        f"<details><summary>目标 / Targets ({len(targets)})</summary>"
        '<table class="rh-table"><thead><tr><th>目标 / Target</th><th>指标 / Indicator</th>'
        "<th>目标年 / Target year</th><th>年份依据 / Year basis</th><th>范围 / Scope</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></details>"
    )
    header = (
        '<a href="../index.html">← 全部报告 / All reports</a>'
        f'<h1>{html.escape(doc["title"])}</h1><div class="meta">{meta}{source}</div>'
        f'<p class="legend">{legend}<br><small>悬停数字查看原因 / hover a number for why it '
        "counts as it does</small></p>"
    )
    body = table + f'<div class="rh-text">{marked_text(doc["raw_text"], mentions, anchors)}</div>'
    return page(doc["title"], header, body, css=CSS)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def documents(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every document in the store with its region and raw text."""
    return _rows(con, DOCUMENT_SQL)


def write_readers(con: duckdb.DuckDBPyConnection, out: Path) -> list[dict[str, Any]]:
    """Write ``out/documents/<doc_id>.html`` for every document; the documents, with their page."""
    folder = out / READER_DIR
    folder.mkdir(parents=True, exist_ok=True)
    docs = documents(con)
    mentions: dict[str, list[dict[str, Any]]] = {}
    for m in _rows(con, MENTIONS_SQL):
        mentions.setdefault(m["doc_id"], []).append(m)
    anchors: dict[str, list[int]] = {}
    for doc_id, start in con.execute(EVIDENCE_SQL).fetchall():
        anchors.setdefault(doc_id, []).append(start)
    for doc in docs:
        name = f"{doc['doc_id']}.html"
        text = document_page(doc, mentions.get(doc["doc_id"], []), anchors.get(doc["doc_id"], []))
        (folder / name).write_text(text, encoding="utf-8")
        doc["page"] = f"{READER_DIR}/{name}"
    return docs
