"""Server-rendered SVG charts (no chart library, no script): bars and columns, with a title and
description for screen readers; every chart has an HTML table beside it with the same numbers.

Pure functions: numbers in, SVG markup out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BLUE = "#1d70b8"
RED = "#d4351c"
GREEN = "#00703c"
GREY = "#b1b4b6"
TEXT = "#0b0c0c"
BAR = 28
GAP = 8
WIDTH = 760
CHAR_WIDTH = 8.6  # of a 16px label, roughly: labels get the room they need
MAX_LABEL_WIDTH = 340
FONT = 16  # body text size (GOV.UK body-s on desktop, body on a phone)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str = BLUE
    target: float | None = None  # a marker line (a KPI's target)
    shown: str | None = None  # the value as printed (e.g. "83.3%" or "no data")


def _svg(chart_id: str, title: str, description: str, height: int, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="app-chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def bar_chart(
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    *,
    scale_max: float | None = None,
    description: str = "",
) -> Markup:
    """Horizontal bars, one per label, longest value filling the width (or `scale_max`)."""
    top = max([b.value for b in bars] + [b.target or 0 for b in bars] + [scale_max or 0, 1])
    label_width = min(MAX_LABEL_WIDTH, 16 + CHAR_WIDTH * max([len(b.label) for b in bars] + [4]))
    room = WIDTH - label_width - 70
    body: list[str] = []
    for row, bar in enumerate(bars):
        y = GAP + row * (BAR + GAP)
        length = room * max(bar.value, 0) / top
        shown = bar.shown if bar.shown is not None else _number(bar.value)
        body.append(
            f'<text x="{label_width - 8:.1f}" y="{y + BAR * 0.7:.1f}" text-anchor="end" '
            f'font-size="{FONT}" fill="{TEXT}">{escape(bar.label)}</text>'
            f'<rect x="{label_width:.1f}" y="{y}" width="{length:.1f}" height="{BAR}" '
            f'fill="{escape(bar.colour)}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + BAR * 0.7:.1f}" font-size="{FONT}" '
            f'fill="{TEXT}">{escape(shown)}</text>'
        )
        if bar.target is not None:
            x = label_width + room * bar.target / top
            body.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + BAR + 3}" '
                f'stroke="{TEXT}" stroke-width="3" stroke-dasharray="4 2"/>'
            )
    height = GAP + len(bars) * (BAR + GAP) + GAP
    summary = description or "; ".join(f"{b.label}: {_number(b.value)}" for b in bars)
    return _svg(chart_id, title, summary, height, body)


def column_chart(
    chart_id: str, title: str, columns: Sequence[tuple[str, float]], *, description: str = ""
) -> Markup:
    """Vertical columns (e.g. one per week), labelled underneath, values on top."""
    height, base, top_pad = 240, 200, 24
    top = max([v for _, v in columns] + [1])
    slot = (WIDTH - 20) / max(len(columns), 1)
    body = [f'<line x1="10" x2="{WIDTH - 10}" y1="{base}" y2="{base}" stroke="{GREY}"/>']
    for index, (label, value) in enumerate(columns):
        x = 10 + index * slot + slot * 0.15
        size = (base - top_pad) * max(value, 0) / top
        body.append(
            f'<rect x="{x:.1f}" y="{base - size:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{size:.1f}" fill="{RED if value else GREY}"/>'
            f'<text x="{x + slot * 0.35:.1f}" y="{base - size - 6:.1f}" text-anchor="middle" '
            f'font-size="{FONT}" fill="{TEXT}">{_number(value)}</text>'
            f'<text x="{x + slot * 0.35:.1f}" y="{base + 18}" text-anchor="middle" '
            f'font-size="{FONT}" fill="{TEXT}">{escape(label)}</text>'
        )
    summary = description or "; ".join(f"{label}: {_number(v)}" for label, v in columns)
    return _svg(chart_id, title, summary, height, body)


def paired_column_chart(
    chart_id: str,
    title: str,
    groups: Sequence[tuple[str, float, float]],
    names: tuple[str, str],
    *,
    colours: tuple[str, str] = (RED, GREEN),
    description: str = "",
) -> Markup:
    """Two columns per label (e.g. need against places each week), with a key above."""
    height, base, top_pad = 260, 210, 44
    top = max([max(a, b) for _, a, b in groups] + [1])
    slot = (WIDTH - 20) / max(len(groups), 1)
    width = slot * 0.38
    body = [f'<line x1="10" x2="{WIDTH - 10}" y1="{base}" y2="{base}" stroke="{GREY}"/>']
    for index, (name, colour) in enumerate(zip(names, colours, strict=True)):
        key_x = 10 + index * 200
        body.append(
            f'<rect x="{key_x}" y="6" width="14" height="14" fill="{escape(colour)}"/>'
            f'<text x="{key_x + 20}" y="18" font-size="13" fill="{TEXT}">{escape(name)}</text>'
        )
    for index, (label, first, second) in enumerate(groups):
        left = 10 + index * slot + slot * 0.1
        for offset, (value, colour) in enumerate(zip((first, second), colours, strict=True)):
            x = left + offset * width
            size = (base - top_pad) * max(value, 0) / top
            body.append(
                f'<rect x="{x:.1f}" y="{base - size:.1f}" width="{width:.1f}" '
                f'height="{size:.1f}" fill="{escape(colour)}"/>'
                f'<text x="{x + width / 2:.1f}" y="{base - size - 4:.1f}" text-anchor="middle" '
                f'font-size="11" fill="{TEXT}">{_number(value)}</text>'
            )
        body.append(
            f'<text x="{left + width:.1f}" y="{base + 18}" text-anchor="middle" '
            f'font-size="12" fill="{TEXT}">{escape(label)}</text>'
        )
    summary = description or "; ".join(
        f"{label}: {names[0]} {_number(a)}, {names[1]} {_number(b)}" for label, a, b in groups
    )
    return _svg(chart_id, title, summary, height, body)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
