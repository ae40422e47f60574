"""HTML pages of the report set: executed notebooks, the index, and the shared assets.

Pages work offline. Interactive pages load vega, vega-lite and vega-embed from the report set's
own ``_static/`` folder (bundled from vl-convert, never from a CDN) and ``_static/reports.js``
(charts, sortable and searchable tables). Static pages (``--static``) have no script at all:
their charts are SVG drawn by vl-convert. Every chart has its data beside it as a CSV file.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from regionhealth.reports.outputs import CHART_MIMETYPE, TITLE_MIMETYPE, VL_VERSION

STATIC_DIR = "_static"
REPORTS_JS = "reports.js"
_HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")

CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; margin: 0 auto; max-width: 1200px;
       padding: 1em 1.5em 3em; color: #222; line-height: 1.5; font-size: 15px; }
header.rh { border-bottom: 2px solid #4c78a8; margin-bottom: 1em; padding-bottom: .5em; }
header.rh h1 { font-size: 1.6em; margin: .3em 0; }
.meta { color: #555; font-size: .85em; }
.status-ok { color: #1b7f3b; font-weight: bold; } .status-failed { color: #b00020; font-weight: bold; }
.status-not-run { color: #777; }
.error { background: #fde8ea; border-left: 4px solid #b00020; padding: .5em 1em; }
nav.rh-toc { background: #f5f7fa; border: 1px solid #dde3ea; padding: .5em 1em; margin: 1em 0; }
nav.rh-toc ol { margin: .3em 0; padding-left: 1.4em; } nav.rh-toc li.h3 { margin-left: 1.2em; }
table { border-collapse: collapse; font-size: .9em; margin: .5em 0 1.5em; width: 100%; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f5f9; position: sticky; top: 0; }
th.rh-sortable { cursor: pointer; } th.rh-sorted-asc::after { content: " ▲"; }
th.rh-sorted-desc::after { content: " ▼"; }
.rh-source { max-height: 70vh; overflow: auto; }
input.rh-search { font: inherit; padding: 3px 6px; margin: .3em 0; width: 18em; max-width: 100%; }
.rh-count { color: #666; font-size: .85em; margin-left: .5em; }
figure.rh-chart { margin: 1em 0; } .rh-vega { width: 100%; min-height: 60px; }
figure.rh-chart img { width: 100%; height: auto; }
figcaption { font-size: .85em; color: #555; }
details.rh-params { font-size: .85em; color: #555; margin: .5em 0; }
pre { white-space: pre-wrap; background: #f7f7f7; padding: .5em; }
a.anchor-link { display: none; }
section.rh-group { margin: 1.5em 0; } section.rh-group p.rh-desc { margin: .2em 0 .5em; color: #444; }
@media print { input.rh-search, .rh-count, a.rh-csv, nav.rh-toc, .vega-embed details { display: none; }
               .rh-source { max-height: none; overflow: visible; } }
@media (max-width: 600px) { body { padding: .5em; font-size: 14px; } }
"""


def page(
    title: str, header: str, body: str, scripts: list[str] | None = None, css: str = ""
) -> str:
    """A complete HTML document: one title, viewport meta, inline CSS, optional local scripts."""
    tags = "".join(f'<script src="{html.escape(s)}"></script>' for s in scripts or [])
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{CSS}{css}</style></head>"
        f'<body><header class="rh">{header}</header><main>{body}</main>{tags}</body></html>\n'
    )


def _markdown(text: str) -> str:
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table"])(text)


def _json_script(element_id: str, data: Any) -> str:
    """Data for the page's script, safe inside <script> (no '</' can close the element)."""
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


class NotebookPage:
    """Turns an executed notebook's cells and outputs into a report page body."""

    def __init__(self, run_dir: Path, static: bool) -> None:
        self.run_dir, self.static = run_dir, static
        self.title: str | None = None
        self.n_charts = 0

    def chart(self, spec: dict[str, Any], csv: str | None) -> str:
        """A chart figure (interactive or SVG) with a link to its data as CSV."""
        self.n_charts += 1
        name = f"chart-{self.n_charts}"
        link = ""
        if csv is not None:
            (self.run_dir / f"{name}.csv").write_text(csv, encoding="utf-8")
            link = (
                f'<a class="rh-csv" href="{name}.csv" download>'
                "数据下载 / download the data (CSV)</a>"
            )
        if self.static:
            from regionhealth.reports import charts  # vl-convert and pandas: only for static pages

            svg = base64.b64encode(charts.to_svg(spec).encode("utf-8")).decode("ascii")
            drawn = f'<img alt="chart" src="data:image/svg+xml;base64,{svg}">'
        else:
            drawn = f'<div class="rh-vega" data-spec="{name}-spec"></div>' + _json_script(
                f"{name}-spec", spec
            )
        return (
            f'<figure class="rh-chart" id="{name}">{drawn}<figcaption>{link}</figcaption></figure>'
        )

    def output(self, out: dict[str, Any]) -> str:
        """One cell output as HTML."""
        kind = out.get("output_type")
        if kind == "stream":
            return (
                f"<pre>{html.escape(out.get('text', ''))}</pre>" if out["name"] == "stdout" else ""
            )
        if kind == "error":
            return f'<p class="error">{html.escape(out["ename"])}: {html.escape(out["evalue"])}</p>'
        data = out.get("data", {})
        if TITLE_MIMETYPE in data:
            self.title = data[TITLE_MIMETYPE]["title"]
            return ""
        if CHART_MIMETYPE in data:
            return self.chart(data[CHART_MIMETYPE], data.get("text/csv"))
        if "text/html" in data:
            return "".join(data["text/html"])
        if "text/markdown" in data:
            return _markdown("".join(data["text/markdown"]))
        if "image/svg+xml" in data:
            svg = base64.b64encode("".join(data["image/svg+xml"]).encode()).decode("ascii")
            return f'<img alt="chart" src="data:image/svg+xml;base64,{svg}">'
        if "image/png" in data:
            return f'<img alt="chart" src="data:image/png;base64,{data["image/png"]}">'
        if "text/plain" in data:
            return f"<pre>{html.escape(''.join(data['text/plain']))}</pre>"
        return ""

    def body(self, nb: Any) -> str:
        """The notebook's Markdown and outputs (code hidden), without its own '# title'."""
        parts = []
        for cell in nb.cells:
            if "papermill-error-cell-tag" in cell.metadata.get("tags", []):
                continue  # papermill's pointer to the failed cell; the header shows the error
            if cell.cell_type == "markdown":
                # the page has one title (the header's): a notebook's '# title' line is dropped
                parts.append(_markdown(re.sub(r"(?m)^#\s[^\n]*\n?", "", cell.source)))
            elif cell.cell_type == "code":
                parts.extend(self.output(o) for o in cell.get("outputs", []))
        return "".join(parts)


def with_toc(body: str, min_headings: int = 4) -> str:
    """``body`` with ids on its h2/h3 headings and, if it has several, a table of contents first."""
    entries: list[tuple[str, str, str]] = []

    def anchor(m: re.Match[str]) -> str:
        ident = f"s{len(entries) + 1}"
        entries.append((m[1], ident, _TAG.sub("", m[2]).strip()))
        return f'<h{m[1]} id="{ident}">{m[2]}</h{m[1]}>'

    body = _HEADING.sub(anchor, body)
    if len(entries) < min_headings:
        return body
    items = "".join(
        f'<li class="h{level}"><a href="#{ident}">{html.escape(html.unescape(text))}</a></li>'
        for level, ident, text in entries
    )
    return f'<nav class="rh-toc"><strong>目录 / Contents</strong><ol>{items}</ol></nav>' + body


def write_static(out: Path) -> list[str]:
    """Put the chart libraries and the page script in ``out/_static``; their file names."""
    import vl_convert as vlc

    static = out / STATIC_DIR
    static.mkdir(parents=True, exist_ok=True)
    versions = (
        f"vega-{vlc.get_vega_version()}-lite-{VL_VERSION}-embed-{vlc.get_vega_embed_version()}"
    )
    bundle = static / f"{versions}.js"
    if not bundle.is_file():
        cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "regionhealth"
        cached = cache / bundle.name
        if not cached.is_file():
            # vl-convert bundles the JavaScript it ships (seconds): done once per machine
            cache.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(vlc.javascript_bundle(vl_version=VL_VERSION), "utf-8")
            os.replace(tmp, cached)
        shutil.copyfile(cached, bundle)
    (static / REPORTS_JS).write_text(REPORT_SCRIPT, encoding="utf-8")
    return [bundle.name, REPORTS_JS]


REPORT_SCRIPT = r"""// Report pages: draw the Vega-Lite charts, make tables sortable and searchable. Offline only.
(function () {
  "use strict";
  var EMBED = {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false},
               loader: {target: "_self"}};
  function charts() {
    var boxes = document.querySelectorAll(".rh-vega");
    var pending = boxes.length;
    document.body.setAttribute("data-charts", pending ? "pending" : "ready");
    boxes.forEach(function (box) {
      var spec = JSON.parse(document.getElementById(box.getAttribute("data-spec")).textContent);
      window.vegaEmbed(box, spec, EMBED).then(function () {
        box.classList.add("rh-ready");
      }).catch(function (err) {
        box.classList.add("rh-failed");
        box.textContent = "图表无法绘制 / chart could not be drawn: " + err;
      }).finally(function () {
        pending -= 1;
        if (pending === 0) document.body.setAttribute("data-charts", "ready");
      });
    });
  }
  function cellValue(row, i) {
    var text = row.cells[i] ? row.cells[i].textContent.trim() : "";
    var num = parseFloat(text.replace(/^[^0-9.\-]+/, ""));
    return {text: text, num: isNaN(num) || !/^[^0-9]{0,2}[\-0-9.]/.test(text) ? null : num};
  }
  function sortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      th.classList.add("rh-sortable");
      th.title = "点击排序 / click to sort";
      th.addEventListener("click", function () {
        var asc = !th.classList.contains("rh-sorted-asc");
        Array.prototype.forEach.call(heads, function (h) { h.classList.remove("rh-sorted-asc", "rh-sorted-desc"); });
        th.classList.add(asc ? "rh-sorted-asc" : "rh-sorted-desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i), y = cellValue(b, i), r;
          if (x.num !== null && y.num !== null) r = x.num - y.num;
          else r = x.text.localeCompare(y.text, "zh");
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  function searchable(table) {
    var box = document.createElement("input");
    box.type = "search"; box.className = "rh-search";
    box.placeholder = "搜索 / search these rows";
    var count = document.createElement("span"); count.className = "rh-count";
    var rows = table.tBodies[0].rows;
    function update() {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
      Array.prototype.forEach.call(rows, function (r) {
        var text = r.textContent.toLowerCase();
        var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
        r.style.display = hit ? "" : "none"; if (hit) shown += 1;
      });
      count.textContent = shown + " / " + rows.length;
    }
    box.addEventListener("input", update); update();
    var holder = table.closest(".rh-source") || table;
    holder.parentNode.insertBefore(box, holder);
    holder.parentNode.insertBefore(count, holder);
  }
  function tables() {
    document.querySelectorAll("table.rh-table").forEach(function (t) {
      if (!t.tBodies.length) return;
      sortable(t);
      if (t.tBodies[0].rows.length > 3) searchable(t);
    });
  }
  function ready(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }
  ready(function () { tables(); if (window.vegaEmbed) charts(); });
})();
"""


def _run_row(rec: dict[str, Any]) -> str:
    """One report in the index: linked title, status, duration, error."""
    status = rec["status"]
    title = html.escape(rec.get("title") or rec["id"])
    if rec.get("html"):
        title = f'<a href="{html.escape(rec["html"])}">{title}</a>'
    note = " (cached)" if rec.get("cached") else " (earlier run)" if rec.get("stale") else ""
    duration = rec.get("original_duration_s", rec.get("duration_s"))
    return (
        f"<tr><td>{title}</td>"
        f'<td class="status-{status.replace(" ", "-")}">{status}{note}</td>'
        f"<td>{'' if duration is None else f'{duration:.1f} s'}</td>"
        f"<td>{html.escape(rec.get('error') or '')}</td></tr>"
    )


def index_page(manifest: dict[str, Any], scripts: list[str]) -> str:
    """index.html: the reports grouped by the question they answer, then the documents."""
    runs = {r["id"]: r for r in manifest["runs"]}
    sections = []
    for group in manifest["groups"]:
        rows = "".join(_run_row(runs[i]) for i in group["runs"])
        sections.append(
            f'<section class="rh-group"><h2>{html.escape(group["question"])}</h2>'
            f'<p class="rh-desc">{html.escape(group["description"])}</p>'
            '<table class="rh-table"><thead><tr><th>报告 / Report</th><th>状态 / Status</th>'
            "<th>用时 / Duration</th><th>错误 / Error</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>"
        )
    docs = "".join(
        f"<tr><td>{html.escape(d['region'])}</td>"
        f'<td><a href="{html.escape(d["reader"])}">{html.escape(d["title"])}</a></td>'
        f"<td>{html.escape(d['published_date'])}</td><td>{html.escape(d['written_date'] or '—')}</td>"
        f"<td><code>{html.escape(d['sha256'])}</code></td></tr>"
        for d in manifest["documents"]
    )
    sections.append(
        '<section class="rh-group"><h2>文件 / Documents</h2><p class="rh-desc">每份文件的原文，'
        "数字按类别标出 / Each document's text with every number marked by kind.</p>"
        '<table class="rh-table"><thead><tr><th>地区 / Region</th><th>标题 / Title</th>'
        "<th>发布日期 / Published</th><th>成文日期 / Written</th><th>SHA-256</th></tr></thead>"
        f"<tbody>{docs}</tbody></table></section>"
    )
    n_ok = sum(1 for r in manifest["runs"] if r["status"] == "ok")
    store = manifest["store"]
    header = (
        "<h1>卫生政策目标报告 / Regional health-policy target reports</h1>"
        f'<div class="meta">{n_ok} / {len(manifest["runs"])} ok · 生成于 / built at '
        f"{html.escape(manifest['generated_at'])} · 数据库 / store {html.escape(store['path'])} "
        f"(built {html.escape(store['built_at'] or '?')}), sha256 <code>{store['sha256']}</code> · "
        f"代码版本 / code version {html.escape(manifest['code_version'])} · "
        '<a href="manifest.json">manifest.json</a></div>'
    )
    body = with_toc("".join(sections))
    return page("卫生政策目标报告 / regionhealth reports", header, body, scripts)
