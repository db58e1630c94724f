"""Charts as SVG, made on the server: bars and a line, with every number written on the
chart so that no colour is needed to read it."""

from __future__ import annotations

from html import escape

#: Drawn at the width they are shown at on a phone or in a dashboard card, and never scaled
#: up (width and height are set): the stylesheet's 13 px text stays about 13 px. A 560-wide
#: drawing squeezed into a 300 px card made it 5 px.
WIDTH, BAR_HEIGHT, GAP, LABEL, VALUE = 340, 22, 8, 126, 44
#: Characters of a bar's label that fit beside it; the table under each chart has them whole.
LABEL_CHARS = 18


def _open(height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    )


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bars(rows: list[tuple[str, float]], title: str, unit: str = "") -> str:
    """Horizontal bars, one a row, the value at the end of each."""
    top = max((value for _, value in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    parts = [_open(height, title)]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = (WIDTH - LABEL - VALUE) * value / top
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + 16}" text-anchor="end" class="label">{escape(_short(label))}</text>'
            f'<rect x="{LABEL}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" rx="3" class="bar"/>'
            f'<text x="{LABEL + length + 5:.1f}" y="{y + 16}" class="value">{value:g}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line(points: list[tuple[str, float]], title: str) -> str:
    """A line over time, labelled at the first, last and highest points."""
    height, pad = 180, 32
    if not points:
        return ""
    top = max(value for _, value in points) or 1
    step = (WIDTH - 2 * pad) / max(len(points) - 1, 1)
    xy = [
        (pad + i * step, height - pad - (height - 2 * pad) * value / top)
        for i, (_, value) in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    marks = {0, len(points) - 1, max(range(len(points)), key=lambda i: points[i][1])}
    labels = "".join(
        f'<circle cx="{xy[i][0]:.1f}" cy="{xy[i][1]:.1f}" r="3.5" class="dot"/>'
        f'<text x="{xy[i][0]:.1f}" y="{xy[i][1] - 8:.1f}" text-anchor="middle" class="value">{points[i][1]:g}</text>'
        f'<text x="{xy[i][0]:.1f}" y="{height - 12}" text-anchor="middle" class="label">{escape(points[i][0])}</text>'
        for i in sorted(marks)
    )
    return (
        f'{_open(height, title)}<polyline points="{path}" class="line" fill="none"/>{labels}</svg>'
    )
