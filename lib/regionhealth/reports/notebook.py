"""Helpers the report notebooks call: open the store, check parameters, run queries, show tables.

Parameters are checked against allow-lists read from the store, so a typo or an
injection-shaped value stops the notebook with one line listing the valid values. Query values
are always bound (``$name``); the SQL text comes only from files in ``queries/notebooks/``.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from regionhealth import paths
from regionhealth.errors import RegionhealthError
from regionhealth.reports.outputs import TITLE_MIMETYPE

QUERY_DIR = paths.QUERIES_DIR / "notebooks"
_NAME = re.compile(r"^[a-z0-9_]+$")

# What each kind of parameter is checked against: the allow-list query that returns `value`.
ALLOW_LISTS = {
    "indicator": "allowed_indicators",
    "region": "allowed_regions",
    "scope": "allowed_scopes",
    "theme": "allowed_themes",
}


# Bilingual column headers for the source tables under the charts.
COLUMN_LABELS = {
    "region_label": "地区 / Region",
    "doc_title": "文件 / Document",
    "quote": "原文 / Quote",
    "indicator_label": "指标 / Indicator",
    "theme_label": "主题 / Theme",
    "target_label": "目标 / Target",
    "target_year": "目标年 / Target year",
    "basis_text": "年份依据 / Year basis",
    "scope_text": "范围 / Scope",
    "commitment_text": "承诺 / Commitment",
    "target_text": "目标 / Target",
    "year_label": "目标年 / Target year",
    "n_per_10k": "每万字提及 / Mentions per 10 000 characters",
    "words": "匹配词 / Matched words",
    "evidence": "原文 / Evidence",
    "n_chars": "字数 / Characters",
    "bases_text": "年份依据 / Year basis",
    "scope": "范围 / Scope",
    "published_date": "发布日期 / Published",
    "written_date": "成文日期 / Written",
    "doc_number": "文号 / Doc. number",
    "issuer": "发文机关 / Issuer",
    "horizon_year": "规划期 / Horizon",
    "n_documents": "文件数 / Documents",
    "n_targets": "目标数 / Targets",
    "n_targets_harmonised": "已归类目标 / Harmonised targets",
    "n_indicators": "指标数 / Indicators",
    "region_labels": "地区 / Regions",
    "n_themes": "主题数 / Themes",
    "n_theme_mentions": "主题提及 / Theme mentions",
    "n_mentions": "提及数 / Mentions",
    "admin_level": "级别 / Level",
    "years_after_publication": "距发布年数 / Years after publication",
    "last_target_year": "最晚目标年 / Last target year",
    "char_start": "位置 / Offset",
    "value_as_stated": "原文数值 / Value as stated",
    "unit_as_stated": "原文单位 / Unit as stated",
}


def store_file(store_path: str | os.PathLike[str] = "") -> Path:
    """The store to read: ``store_path`` if given, else the project's built store."""
    return Path(store_path) if str(store_path) else paths.STORE_PATH


def open_store(store_path: str | os.PathLike[str] = "") -> duckdb.DuckDBPyConnection:
    """Read-only connection to the store; RegionhealthError if it has not been built."""
    path = store_file(store_path)
    if not path.is_file():
        raise RegionhealthError(f"store not found at {path}; run `regionhealth build` first")
    return duckdb.connect(str(path), read_only=True)


def start(store_path: str | os.PathLike[str] = "") -> duckdb.DuckDBPyConnection:
    """First call of every notebook: the read-only store (errors show as one line, see errors.py)."""
    return open_store(store_path)


def query_names() -> list[str]:
    """Names of the notebook queries (files ``queries/notebooks/*.sql`` without suffix)."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


def sql_text(name: str) -> str:
    """The SQL of notebook query ``name``; only names of files in queries/notebooks/ are valid."""
    if not isinstance(name, str) or not _NAME.match(name) or name not in query_names():
        raise RegionhealthError(
            f"unknown query {name!r}; valid queries: {', '.join(query_names())}"
        )
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run notebook query ``name`` with ``params`` bound as ``$name`` values."""
    return con.execute(sql_text(name), params).df()


def allowed(con: duckdb.DuckDBPyConnection, kind: str, **params: Any) -> list[str]:
    """Valid values of a parameter ``kind`` ('indicator', 'region', 'scope', 'theme')."""
    if kind not in ALLOW_LISTS:
        raise RegionhealthError(f"unknown kind {kind!r}; valid kinds: {', '.join(ALLOW_LISTS)}")
    return [str(v) for v in query(con, ALLOW_LISTS[kind], **params)["value"]]


def _unknown(kind: str, param: str, value: Any, valid: Sequence[str]) -> RegionhealthError:
    """The one-line error for a value not in the allow-list."""
    listed = ", ".join(valid) if valid else "(none in this store)"
    return RegionhealthError(
        f"unknown {kind} {value!r} in parameter {param}; valid values: {listed}"
    )


def choose_one(
    con: duckdb.DuckDBPyConnection, kind: str, value: Any, param: str, **params: Any
) -> str:
    """``value`` if it is a valid ``kind``; RegionhealthError naming the valid values if not."""
    valid = allowed(con, kind, **params)
    if not isinstance(value, str) or value not in valid:
        raise _unknown(kind, param, value, valid)
    return value


def choose_optional(
    con: duckdb.DuckDBPyConnection, kind: str, value: Any, param: str, **params: Any
) -> str | None:
    """Like ``choose_one`` but None (or '') means 'no filter' and is returned as None."""
    if value is None or value == "":
        return None
    return choose_one(con, kind, value, param, **params)


def choose_many(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    values: Any,
    param: str,
    allow_empty: bool = False,
    **params: Any,
) -> list[str]:
    """``values`` as a list of valid ``kind`` values; a single string counts as a one-item list."""
    if isinstance(values, str):
        values = [values]
    if values is None:
        values = []
    if not isinstance(values, list | tuple):
        raise RegionhealthError(
            f"parameter {param} must be a list of strings, got {type(values).__name__} {values!r}"
        )
    valid = allowed(con, kind, **params)
    if not values and not allow_empty:
        raise RegionhealthError(f"parameter {param} is empty; valid values: {', '.join(valid)}")
    for value in values:
        if not isinstance(value, str) or value not in valid:
            raise _unknown(kind, param, value, valid)
    return list(dict.fromkeys(values))


def show_params(**params: Any) -> None:
    """The parameters the report ran with, folded away under the page's content."""
    from IPython.display import HTML, display

    shown = ", ".join(
        f"<code>{html.escape(k)}</code> = <code>{html.escape(repr(v))}</code>"
        for k, v in params.items()
    )
    display(
        HTML(f"<details class='rh-params'><summary>参数 / Parameters</summary>{shown}</details>")
    )


def page_title(text: str) -> None:
    """The report's one title (e.g. with the indicator's name); the runner puts it in the header."""
    from IPython.display import display

    display({TITLE_MIMETYPE: {"title": text}, "text/markdown": f"# {text}"}, raw=True)


def heading(text: str, level: int = 3) -> None:
    """Display a Markdown heading (for sections generated per indicator or theme)."""
    from IPython.display import Markdown, display

    display(Markdown(f"{'#' * level} {text}"))


def _cell(value: Any) -> str:
    """One table cell's text: numbers without trailing zeros, line breaks as spaces, '—' if empty."""
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return " ".join(str(value).split())


def table_html(df: pd.DataFrame, columns: Iterable[str], link: str | None = "quote") -> str:
    """HTML table of ``columns`` with bilingual headers; text escaped, empty cells as '—'.

    When ``df`` has a ``passage`` column, the ``link`` column's text links to that passage in
    the document reader, so every row leads to its place in the source.
    """
    cols = list(columns)
    links = "passage" in df.columns and link in cols
    head = "".join(f"<th>{html.escape(COLUMN_LABELS.get(c, c))}</th>" for c in cols)
    rows = []
    for rec in df.to_dict("records"):
        cells = []
        for c in cols:
            text = html.escape(_cell(rec.get(c)))
            if links and c == link and isinstance(rec.get("passage"), str):
                text = f'<a href="{html.escape(rec["passage"])}">{text}</a>'
            cells.append(f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="rh-source"><table class="rh-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def show_table(
    df: pd.DataFrame, columns: Iterable[str], caption: str = "", link: str | None = "quote"
) -> None:
    """Display the rows under a chart, with their sources (region, document, linked quote)."""
    from IPython.display import HTML, display

    cap = f"<p class='rh-caption'>{html.escape(caption)}</p>" if caption else ""
    if df.empty:
        display(HTML(f"{cap}<p><em>无数据 / No rows.</em></p>"))
        return
    display(HTML(cap + table_html(df, columns, link)))


def note(text: str) -> None:
    """Display a short Markdown note (e.g. why a chart is empty)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def with_passages(df: pd.DataFrame, start: str = "number_start") -> pd.DataFrame:
    """``df`` with a ``passage`` column linking each row to its place in the document reader."""
    from regionhealth.reports.marks import passage_url

    return df.assign(
        passage=[passage_url(d, s) for d, s in zip(df["doc_id"], df[start], strict=True)]
    )


def reader_url(doc_id: str) -> str:
    """Link from a report page to a document's reader page."""
    return f"../documents/{doc_id}.html"


def evidence(quotes: pd.DataFrame, width: int = 60) -> pd.DataFrame:
    """Theme evidence as words and clauses: the words a keyword rule matched, and the clause
    around the first match (not the whole sentence), with a link to the sentence's passage."""
    words, clauses = [], []
    for rule, quote in zip(quotes["keyword"], quotes["quote"], strict=True):
        found = list(re.finditer(rule, quote))
        words.append("、".join(dict.fromkeys(m.group(0) for m in found)) or "—")
        if not found:
            clauses.append(_clip(quote, 0, len(quote), width))
            continue
        first = found[0]
        start = max(quote.rfind(p, 0, first.start()) for p in "，。；：,;:") + 1
        ends = [quote.find(p, first.end()) for p in "，。；：,;:"]
        end = min([e for e in ends if e >= 0] or [len(quote)]) + 1
        clauses.append(_clip(quote, start, end, width, first.start(), first.end()))
    return quotes.assign(
        words=words,
        evidence=clauses,
        passage=[
            f"{reader_url(d)}#q-{int(s)}"
            for d, s in zip(quotes["doc_id"], quotes["char_start"], strict=True)
        ],
    )


def _clip(text: str, start: int, end: int, width: int, hit: int = 0, hit_end: int = 0) -> str:
    """text[start:end] cut to about ``width`` characters around the match, '…' where cut."""
    if end - start > width:
        start = max(start, hit - width // 2)
        end = min(end, max(hit_end, start + width))
    clause = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + clause + ("…" if end < len(text) else "")
