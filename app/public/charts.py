"""The statistics page's charts: SVG drawn on the server by pygal, readable without JavaScript.

The portal's Content-Security-Policy refuses inline scripts and styles, so each chart is
rendered as an element tree and stripped of pygal's ``<script>`` (tooltips), ``<style>`` and
``style`` attributes; pygal's stylesheet for the same style is served once as a file
(`chart_stylesheet`), rewritten to apply to every ``.pygal-chart``. Every chart stands beside a
table of the same numbers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import cache

import pygal
from flask_babel import gettext as _
from lxml import etree
from markupsafe import Markup
from pygal.style import Style

# USWDS colours: primary blue, and a red with 3:1 against white for a second series.
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#71767a",
    opacity="1",
    opacity_hover="0.85",
    colors=("#005ea2", "#b50909"),
    font_family="Source Sans Pro Web, Helvetica, Arial, Noto Sans CJK SC, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    legend_font_size=14,
    title_font_size=16,
)
_CHART_ID = "portal"  # one fixed id: the stylesheet is shared, and the ids are removed

Series = Sequence[tuple[str, Sequence[int | None]]]


def _chart(labels: Sequence[str], series: Series, *, horizontal: bool) -> pygal.Graph:
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        width=640,
        height=max(260, 60 + 34 * len(labels)) if horizontal else 320,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=max(1, len(series)),
        print_values=True,
        print_zeroes=False,
        show_y_guides=not horizontal,
        show_x_guides=horizontal,
        truncate_label=-1,
        truncate_legend=-1,
        value_formatter=lambda value: f"{value:g}" if value is not None else "",
        no_data_text=_("No data yet"),
        margin=8,
    )
    chart.uuid = _CHART_ID
    # pygal stacks horizontal bars bottom-up; reversed, they read top-down like their table.
    order = (lambda items: list(reversed(items))) if horizontal else list
    chart.x_labels = order(list(labels))
    for title, values in series:
        chart.add(title, order(list(values)))
    return chart


def bar_chart(labels: Sequence[str], series: Series, *, horizontal: bool = False) -> Markup:
    """Bars for each of `labels`, one colour per series; a legend only when there are two."""
    tree = _chart(labels, series, horizontal=horizontal).render_tree()
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
        svg = _chart(["a"], [("a", [1]), ("b", [2])], horizontal=horizontal).render(is_unicode=True)
        for css in re.findall(r"<style[^>]*>(.*?)</style>", svg, flags=re.S):
            for rule in re.findall(r"[^{}]*\{[^{}]*\}", html.unescape(css)):
                rule = rule.replace(f"#chart-{_CHART_ID}", ".pygal-chart").strip()
                if rule not in rules:
                    rules.append(rule)
    return "\n".join(rules) + "\n"
