"""Employment rates by the month courses ended, drawn on the server as inline SVG (no script,
prints well): for each month four bars — 3 and 6 months, insured-only and insured-plus-
uninsured — and the dashed 70% line that marks high performance (6 months, all). A month
without completers has no bars and says "–"."""

from __future__ import annotations

from fractions import Fraction
from html import escape

from markupsafe import Markup

from classroom.core import i18n
from quality.rates import Group
from quality.rules.employment import HIGH_PERFORMING, percent_text

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 14, 48
SERIES = (
    (3, True, "#9db7ff"),
    (3, False, "#1f5eff"),
    (6, True, "#9fd8b8"),
    (6, False, "#0f8a4b"),
)


def _y(rate: Fraction) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    return TOP + plot_h - float(plot_h * rate)


def rates_chart(months: list[Group], lang: str) -> Markup:
    if not months:
        return Markup("")
    title = i18n.t("quality.chart.title", lang)
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / len(months)
    bar = max(min(slot * 0.8 / len(SERIES), 22), 3)
    base = _y(Fraction(0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="rates-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        y = _y(Fraction(tick, 100))
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eef1f6"/>')
        parts.append(
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="#667085">{tick}%</text>'
        )
    high = _y(HIGH_PERFORMING)
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{high:.1f}" y2="{high:.1f}" stroke="#c0362c" stroke-dasharray="6 4"/>'
    )
    for index, group in enumerate(months):
        left = LEFT + slot * index + (slot - bar * len(SERIES)) / 2
        middle = LEFT + slot * index + slot / 2
        for n, (months_after, insured, color) in enumerate(SERIES):
            rate = group.counts.rate(months_after, insured_only=insured)
            if rate is None:
                continue
            series = i18n.t(f"quality.chart.series.{months_after}.{'insured' if insured else 'all'}", lang)
            label = f"{group.label} {series}: {percent_text(rate)}%"
            y = _y(rate)
            parts.append(
                f'<rect x="{left + bar * n:.1f}" y="{y:.1f}" width="{bar - 1:.1f}" height="{base - y:.1f}" '
                f'fill="{color}" rx="1"><title>{escape(label)}</title></rect>'
            )
        text = group.label if group.counts.completers else f"{group.label} –"
        parts.append(
            f'<text x="{middle:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" fill="#1d2330">{escape(text)}</text>'
        )
        parts.append(
            f'<text x="{middle:.1f}" y="{HEIGHT - BOTTOM + 30}" text-anchor="middle" font-size="10" fill="#667085">'
            f"{escape(i18n.t('quality.chart.completers', lang, count=group.counts.completers))}</text>"
        )
    legend_x = LEFT
    for months_after, insured, color in SERIES:
        series = i18n.t(f"quality.chart.series.{months_after}.{'insured' if insured else 'all'}", lang)
        parts.append(f'<rect x="{legend_x}" y="{HEIGHT - 12}" width="10" height="10" fill="{color}"/>')
        parts.append(
            f'<text x="{legend_x + 14}" y="{HEIGHT - 3}" font-size="10" fill="#1d2330">{escape(series)}</text>'
        )
        legend_x += 14 + 8 * len(series) + 12
    parts.append("</svg>")
    return Markup("".join(parts))
