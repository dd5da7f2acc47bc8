"""Inline SVG for the programme dashboard, drawn on the server: no chart library, no script,
and it prints. Values are won; labels use the page language's money format, as the tables do."""

from __future__ import annotations

from datetime import date
from html import escape

from markupsafe import Markup

from classroom.core import i18n
from classroom.core.money import format_won

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 10, 10, 16, 34


def _short(value: int, lang: str) -> str:
    """Compact label for a bar in units of 만 (10⁴) or 억 (10⁸) won: 450만원, 1.2억원 (catalogue
    "chart.won_*"; the Korean units read naturally in both UIs)."""
    if value >= 100_000_000:
        return i18n.t("chart.won_100m", lang, value=value / 100_000_000)
    if value >= 10_000:
        return i18n.t("chart.won_10k", lang, value=value // 10_000)
    return format_won(value, lang)


def burn_chart(burn: list[tuple[date, int, int]], budget: int, title: str, lang: str) -> Markup:
    """Bars: subsidy charged per closed month. When the budget is within reach (spent at
    least a third of it), the scale switches to the budget and a cumulative line runs up to
    the dashed budget line, so the month the money runs out is visible; before that, a
    budget-scaled chart would show invisible bars, so the bars get the whole height."""
    if not burn:
        return Markup("")
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    spent = sum(s for _, _, s in burn)
    near = budget > 0 and spent * 3 >= budget
    top_value = max(budget, spent) if near else max(max(s for _, _, s in burn) * 115 // 100, 1)
    slot = plot_w / len(burn)
    bar_w = max(slot * 0.55, 4)

    def y(value: int) -> float:
        return TOP + plot_h - plot_h * min(value, top_value) / top_value

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="burn-chart" style="width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#e3e7ef"/>',
    ]
    if near:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(budget):.1f}" y2="{y(budget):.1f}" '
            'stroke="#c0362c" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{max(y(budget) - 4, 10):.1f}" text-anchor="end" '
            f'font-size="11" fill="#c0362c">{escape(format_won(budget, lang))}</text>'
        )
    cumulative = 0
    points = []
    for index, (month, _total, subsidy) in enumerate(burn):
        cumulative += subsidy
        x = LEFT + slot * index + (slot - bar_w) / 2
        middle = x + bar_w / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y(subsidy):.1f}" width="{bar_w:.1f}" '
            f'height="{TOP + plot_h - y(subsidy):.1f}" fill="#1f5eff" rx="2">'
            f"<title>{month:%Y-%m}: {escape(format_won(subsidy, lang))}</title></rect>"
        )
        if not near:
            parts.append(
                f'<text x="{middle:.1f}" y="{y(subsidy) - 4:.1f}" text-anchor="middle" font-size="10" '
                f'fill="#1d2330">{escape(_short(subsidy, lang))}</text>'
            )
        parts.append(
            f'<text x="{middle:.1f}" y="{HEIGHT - 18}" text-anchor="middle" font-size="11" '
            f'fill="#667085">{month:%m}</text>'
        )
        points.append(f"{middle:.1f},{y(cumulative):.1f}")
    if near:
        parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#0f8a4b" stroke-width="2"/>')
    share = f" / {format_won(budget, lang)} ({100 * spent / budget:.2f}%)" if budget else ""
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 4}" font-size="11" fill="#0f8a4b">'
        f"Σ {escape(format_won(spent, lang))}{escape(share)}</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))
