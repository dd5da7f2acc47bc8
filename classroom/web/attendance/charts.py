"""The course's attendance rate by week as inline SVG drawn on the server (no script, prints)."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from attendance.reports import Week
from classroom.core import i18n

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 14, 30


def weekly_chart(weeks: list[Week], lang: str) -> Markup:
    shown = [w for w in weeks if w.rate is not None]
    if not shown:
        return Markup("")
    title = i18n.t("attendance.chart.title", lang)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(shown)
    bar = max(slot * 0.6, 4)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="attendance-chart" style="width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
    ]
    for pct in (0, 50, 80, 100):
        y = TOP + plot_h - plot_h * pct / 100
        dash = ' stroke-dasharray="5 4"' if pct == 80 else ""
        colour = "#c0362c" if pct == 80 else "#e3e7ef"
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}"{dash}/>'
        )
        parts.append(
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="#667085">{pct}%</text>'
        )
    for i, week in enumerate(shown):
        share = float(week.rate or 0)
        height = plot_h * share
        x = LEFT + slot * i + (slot - bar) / 2
        colour = "#0f8a4b" if share >= 0.8 else "#b26a00"
        label = f"{week.monday:%m-%d}: {share * 100:.1f}% ({week.attended}/{week.counted})"
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + plot_h - height:.1f}" width="{bar:.1f}" height="{height:.1f}" '
            f'fill="{colour}" rx="2"><title>{escape(label)}</title></rect>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="10" '
            f'fill="#667085">{week.monday:%m/%d}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
