"""Chinese chart labels render as real glyphs in PNG, not as tofu boxes or nothing."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pandas as pd
import vl_convert as vlc
from PIL import Image

from regionhealth.reports import charts
from regionhealth.reports.outputs import VL_VERSION


def render(text: str) -> np.ndarray:
    """``text`` drawn large by a chart's text mark, rasterised by vl-convert, as a 0/1 ink mask."""
    spec = charts.chart(
        [
            {
                "mark": {"type": "text", "fontSize": 48, "color": "black"},
                "encoding": {"text": {"field": "t", "type": "nominal"}},
            }
        ],
        pd.DataFrame({"t": [text]}),
        90,
    )
    # The reports draw SVG (charts.to_svg); a PNG of the same static spec shows the glyphs' ink.
    png = vlc.vegalite_to_png(charts.static_spec({**spec, "width": 320}), vl_version=VL_VERSION)
    image = Image.open(io.BytesIO(png)).convert("L")
    return (np.asarray(image) < 128).astype(np.uint8)


def test_missing_glyphs_look_alike_so_distinct_renderings_prove_real_glyphs() -> None:
    # Premise of the checks below: characters without a glyph (private use area) all render
    # the same (the same box, or nothing), whatever the code point.
    assert np.array_equal(render("\ue000\ue001"), render("\ue123\ue456"))


def test_each_chinese_character_renders_its_own_glyph() -> None:
    glyphs = {ch: render(ch) for ch in "乐清上虞急救托育"}
    for ch, mask in glyphs.items():
        assert mask.sum() > 150, f"{ch} left almost no ink"
    for (a, ma), (b, mb) in itertools.combinations(glyphs.items(), 2):
        assert not np.array_equal(ma, mb), f"{a} and {b} render identically (tofu?)"


def test_chinese_strings_differ_from_each_other_and_from_missing_glyph_boxes() -> None:
    first, second = render("乐清急救"), render("上虞托育")
    tofu = render("\ue000\ue001\ue002\ue003")
    assert not np.array_equal(first, second)
    assert not np.array_equal(first, tofu)
    assert not np.array_equal(second, tofu)
    # strokes, not boxes: a glyph's ink differs from a same-sized box outline's
    assert abs(int(first.sum()) - int(tofu.sum())) > 100 or tofu.sum() == 0


def test_svg_keeps_chinese_text_and_names_a_cjk_font() -> None:
    spec = charts.chart(
        [{"mark": "text", "encoding": {"text": {"field": "t", "type": "nominal"}}}],
        pd.DataFrame({"t": ["城区急救"]}),
        60,
    )
    svg = charts.to_svg(spec)
    assert "城区急救" in svg
    assert "Noto Sans CJK" in svg
