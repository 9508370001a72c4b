"""The statistics page's charts: SVG drawn on the server by pygal, readable without JavaScript.

The portal's Content-Security-Policy refuses inline scripts and styles, so each chart is
rendered as an element tree and stripped of pygal's ``<script>`` (tooltips), ``<style>`` and
``style`` attributes; pygal's stylesheet for the same style is served once as a file
(`chart_stylesheet`), rewritten to apply to every ``.pygal-chart``. Every chart stands beside a
table of the same numbers.

Text is never smaller than 12 px as read: each chart is drawn twice, 640 units wide for a
tablet or a desktop and 343 for a phone (shown by portal.css at the matching widths), so its
13-unit labels are not shrunk by the scaling. A colour means one thing on the whole page
(`COLOURS`): a series says what it counts, not which position it has in its chart.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

import pygal
from flask_babel import get_locale
from flask_babel import gettext as _
from lxml import etree
from markupsafe import Markup
from pygal.style import Style

# What each colour counts, the same in every chart of the page (USWDS colours, each 3:1 or more
# against white): partnerships blue; U.S. and Chinese organizations navy and red; applications
# grey; selections green, like a "Selected" tag.
COLOURS = {
    "partnerships": "#005ea2",
    "us": "#162e51",
    "cn": "#b50909",
    "applications": "#71767a",
    "selections": "#008817",
}
WIDE, NARROW = 640, 343  # a desktop's chart column; a 375 px phone's column
NARROW_LABEL = 22  # characters of a label a phone's chart shows (the table has them whole)
CHARTS_KEPT = 48  # drawn charts remembered (`bar_chart`): the statistics page shows six

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#71767a",
    opacity="1",
    opacity_hover="0.85",
    colors=("#005ea2", "#b50909"),
    font_family=(
        "Source Sans Pro Web, PingFang SC, Microsoft YaHei, Noto Sans CJK SC, "
        "WenQuanYi Micro Hei, Helvetica, Arial, sans-serif"
    ),
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    tooltip_font_size=14,
    value_label_font_size=13,
)
_CHART_ID = "portal"  # one fixed id: the stylesheet is shared, and the ids are removed

# (title, values, what it counts: a key of COLOURS)
Series = Sequence[tuple[str, Sequence[int | None], str]]


def _wide_characters_extra(labels: Sequence[str]) -> int:
    """The width pygal's estimate misses in the widest label of CJK characters (in units)."""
    shown = [label[:NARROW_LABEL] for label in labels]
    wide = [sum(1 for c in label if unicodedata.east_asian_width(c) in "WF") for label in shown]
    return round(max(wide, default=0) * 0.4 * STYLE.label_font_size)


def _chart(
    labels: Sequence[str], series: Series, *, horizontal: bool, width: int = WIDE
) -> pygal.Graph:
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        width=width,
        height=max(260, 60 + 34 * len(labels)) if horizontal else 320,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=max(1, len(series)),
        print_values=True,
        print_zeroes=False,
        show_y_guides=not horizontal,
        show_x_guides=horizontal,
        truncate_label=NARROW_LABEL if width < WIDE and horizontal else -1,
        truncate_legend=-1,
        value_formatter=lambda value: f"{value:g}" if value is not None else "",
        no_data_text=_("No data yet"),
        margin=8,
        # pygal sizes the labels' column at 0.6 em a character; a Chinese character takes
        # 1 em, so the column widens by the difference for the longest Chinese label.
        margin_left=8 + _wide_characters_extra(labels if horizontal else ()),
    )
    chart.uuid = _CHART_ID
    # pygal stacks horizontal bars bottom-up; reversed, they read top-down like their table.
    order = (lambda items: list(reversed(items))) if horizontal else list
    chart.x_labels = order(list(labels))
    for title, values, _meaning in series:
        chart.add(title, order(list(values)))
    return chart


def bar_chart(labels: Sequence[str], series: Series, *, horizontal: bool = False) -> Markup:
    """Bars for each of `labels`, one colour per series (by what it counts); a legend only
    when there are two. A desktop's drawing and a phone's, one of them shown by the CSS.

    A chart is a function of its numbers, labels and language alone, and pygal takes about
    10 ms to draw one: the last `CHARTS_KEPT` are remembered, so that after a change of the
    data only the charts whose numbers moved are drawn again."""
    frozen = tuple((title, tuple(values), meaning) for title, values, meaning in series)
    return _bar_chart(tuple(labels), frozen, horizontal, str(get_locale()))


@lru_cache(maxsize=CHARTS_KEPT)
def _bar_chart(labels: tuple[str, ...], series: Series, horizontal: bool, _language: str) -> Markup:
    wide = _drawing(labels, series, horizontal=horizontal, width=WIDE)
    narrow = _drawing(labels, series, horizontal=horizontal, width=NARROW)
    return Markup(
        '<div class="portal-chart__wide">{}</div><div class="portal-chart__narrow">{}</div>'
    ).format(wide, narrow)


def _drawing(labels: Sequence[str], series: Series, *, horizontal: bool, width: int) -> Markup:
    tree = _chart(labels, series, horizontal=horizontal, width=width).render_tree()
    meanings = [meaning for _title, _values, meaning in series]
    for element in tree.xpath("//*[contains(@class, 'color-')]"):
        element.set(
            "class",
            re.sub(
                r"\bcolor-(\d+)\b",
                lambda m: f"portal-colour--{meanings[int(m.group(1)) % len(meanings)]}",
                element.get("class", ""),
            ),
        )
    for element in tree.xpath("//*[local-name()='script' or local-name()='style']"):
        element.getparent().remove(element)
    for element in tree.xpath("//*[@style]"):
        del element.attrib["style"]
    # pygal's default tooltip ("Pygal") and its legend's ids, which served its scripts and
    # would repeat on a page with two charts (invalid HTML).
    for element in tree.xpath("/*/*[local-name()='title']"):
        element.getparent().remove(element)
    for element in tree.xpath("//*[starts-with(@id, 'activate-serie-')]"):
        del element.attrib["id"]
    tree.attrib.pop("id", None)
    tree.set("aria-hidden", "true")  # the figure is described by its caption and its table
    tree.set("focusable", "false")
    svg = etree.tostring(tree, encoding="unicode")
    return Markup(svg)  # noqa: S704 - serialized by lxml, which escapes labels and values


@cache
def chart_stylesheet() -> str:
    """pygal's CSS for `STYLE`, for every chart of the page (one or two series, either way)."""
    rules: list[str] = []
    for horizontal in (False, True):
        svg = _chart(["a"], [("a", [1], "us"), ("b", [2], "cn")], horizontal=horizontal).render(
            is_unicode=True
        )
        for css in re.findall(r"<style[^>]*>(.*?)</style>", svg, flags=re.S):
            for rule in re.findall(r"[^{}]*\{[^{}]*\}", html.unescape(css)):
                rule = rule.replace(f"#chart-{_CHART_ID}", ".pygal-chart").strip()
                if rule not in rules:
                    rules.append(rule)
    for meaning, colour in COLOURS.items():
        rules.append(
            f".pygal-chart .portal-colour--{meaning}, .pygal-chart .portal-colour--{meaning} rect"
            f" {{ fill: {colour}; stroke: {colour}; }}"
        )
    return "\n".join(rules) + "\n"
