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

from . import paths
from .errors import RegionhealthError

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
    "year_basis": "年份依据 / Year basis",
    "year_bases": "年份依据 / Year basis",
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
    "n_themes": "主题数 / Themes",
    "n_theme_mentions": "主题提及 / Theme mentions",
    "n_mentions": "提及数 / Mentions",
    "admin_level": "级别 / Level",
    "keyword": "关键词 / Keyword",
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
    """Print the parameters the report ran with, one line."""
    from IPython.display import Markdown, display

    shown = ", ".join(f"`{k}` = `{v!r}`" for k, v in params.items())
    display(Markdown(f"**参数 / Parameters:** {shown}"))


def heading(text: str, level: int = 3) -> None:
    """Display a Markdown heading (for sections generated per indicator or theme)."""
    from IPython.display import Markdown, display

    display(Markdown(f"{'#' * level} {text}"))


def table_html(df: pd.DataFrame, columns: Iterable[str]) -> str:
    """HTML table of ``columns`` with bilingual headers; text escaped, empty cells as '—'."""
    cols = list(columns)
    shown = df[cols].rename(columns=lambda c: COLUMN_LABELS.get(c, c))
    for col in shown.columns:
        if pd.api.types.is_float_dtype(shown[col]) and (shown[col].dropna() % 1 == 0).all():
            shown[col] = shown[col].astype("Int64")
        elif shown[col].dtype == object or pd.api.types.is_string_dtype(shown[col]):
            # pandas prints a line break as a literal '\\n'; show it as a space instead
            shown[col] = shown[col].map(
                lambda v: " ".join(v.split("\n")) if isinstance(v, str) else v
            )
    body = shown.to_html(index=False, escape=True, na_rep="—", border=0, classes="rh-table")
    return f'<div class="rh-source">{body}</div>'


def show_table(df: pd.DataFrame, columns: Iterable[str], caption: str = "") -> None:
    """Display the rows under a chart, with their sources (region, document, quote)."""
    from IPython.display import HTML, display

    cap = f"<p class='rh-caption'>{html.escape(caption)}</p>" if caption else ""
    if df.empty:
        display(HTML(f"{cap}<p><em>无数据 / No rows.</em></p>"))
        return
    display(HTML(cap + table_html(df, columns)))


def note(text: str) -> None:
    """Display a short Markdown note (e.g. why a chart is empty)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def show_indicator_sections(
    targets: pd.DataFrame, indicator_codes: Sequence[str], columns: Sequence[str]
) -> None:
    """One section per indicator: a heading, its target bars, and the rows with their quotes."""
    from . import charts

    for code in indicator_codes:
        rows = targets[targets["indicator_code"] == code]
        label = rows["indicator_label"].iloc[0] if len(rows) else code
        heading(label)
        if rows.empty:
            note("没有地区为该指标设定目标 / No region states a target for this indicator.")
            continue
        n_regions = rows["region_id"].nunique()
        subtitle = f"{n_regions} 个地区 / regions · 单位 / unit: {rows['unit'].iloc[0]}"
        charts.show(charts.target_bars(rows, title=label, subtitle=subtitle))
        show_table(rows, columns)
