"""The team report as a PDF (A4 landscape): the members table and the month's leaderboard.
Pure: figures in, PDF bytes out. Helvetica, as the print ad (content/publishing/print_ad.py),
so nothing is installed or embedded; names beyond Latin-1 lose those characters."""

from collections.abc import Mapping, Sequence
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from carsales.content.publishing.print_ad import ACCENT, INK, MUTED, latin1
from carsales.team.schemas import Leaderboard

# The table's columns that fit a landscape page: their heading there and share of the width.
PDF_COLUMNS: dict[str, tuple[str, float]] = {
    "Name": ("Name", 3.2),
    "Sessions 30 days": ("Sessions (30 d)", 1.3),
    "Confidence": ("Confidence", 1.2),
    "Clarity": ("Clarity", 1.0),
    "Pace": ("Pace", 1.0),
    "Volume": ("Volume", 1.0),
    "Words per minute": ("Words/min", 1.1),
    "Fillers per 100 words": ("Fillers/100", 1.1),
    "Overall score": ("Overall", 1.0),
    "Last practice": ("Last practice", 1.4),
    "Overdue assignments": ("Overdue", 1.0),
}
LEADERS_SHOWN = 10
ROW_HEIGHT = 5.5
STRIPE = (241, 245, 249)


def _cell(value: object) -> str:
    return "-" if value is None or value == "" else latin1(str(value))


def render_team_report(
    dealership: str,
    prepared_for: str,
    at: datetime,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, object]],
    ranking: Leaderboard,
) -> bytes:
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_title(latin1(f"Team report - {dealership}"))
    pdf.set_creator("Car Sales AI Assistant")
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_page()

    pdf.set_text_color(*INK)
    pdf.set_font("Helvetica", style="B", size=20)
    pdf.cell(0, 10, latin1(f"Team report - {dealership}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*MUTED)
    pdf.set_font("Helvetica", size=10)
    pdf.cell(
        0,
        6,
        latin1(
            f"Prepared for {prepared_for} on {at:%Y-%m-%d %H:%M} UTC. Scores and measures are "
            "averages of the last 30 days."
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(4)

    shown = [column for column in PDF_COLUMNS if column in columns]
    _table(
        pdf,
        [PDF_COLUMNS[column][0] for column in shown],
        [PDF_COLUMNS[column][1] for column in shown],
        [[row.get(column) for column in shown] for row in rows],
    )

    pdf.ln(6)
    pdf.set_font("Helvetica", style="B", size=13)
    pdf.cell(0, 8, "Leaderboard, last 30 days", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=8.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4.5, latin1(ranking.composite), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_text_color(*INK)
    if not ranking.entries:
        pdf.cell(0, 6, "Nobody practised in the last 30 days.")
    else:
        _table(
            pdf,
            ["Rank", "Name", "Score", "Level", "Improvement", "Sessions"],
            [0.6, 3.0, 1.0, 1.0, 1.2, 1.0],
            [
                [e.rank, e.name, e.score, e.level, e.improvement, e.sessions]
                for e in ranking.entries[:LEADERS_SHOWN]
            ],
        )
    return bytes(pdf.output())


def _table(
    pdf: FPDF, headings: Sequence[str], weights: Sequence[float], rows: Sequence[Sequence[object]]
) -> None:
    """A table of one-line cells, its headings repeated on each page. Drawn with `text` and
    `rect`: fpdf2's `table()` lays out each cell as a paragraph and even `cell()` costs
    five times as much, which a team of 50 makes felt."""
    widths = [pdf.epw * weight / sum(weights) for weight in weights]
    lefts = [pdf.l_margin + sum(widths[:index]) for index in range(len(widths))]

    def line(values: Sequence[str], fill: tuple[int, int, int] | None) -> None:
        top = pdf.get_y()
        if fill is not None:
            pdf.set_fill_color(*fill)
            pdf.rect(pdf.l_margin, top, pdf.epw, ROW_HEIGHT, style="F")
        for value, left, width in zip(values, lefts, widths, strict=True):
            pdf.text(left + pdf.c_margin, top + ROW_HEIGHT * 0.7, _fitted(pdf, value, width))
        pdf.set_y(top + ROW_HEIGHT)

    def headings_row() -> None:
        pdf.set_font("Helvetica", style="B", size=8)
        pdf.set_text_color(255, 255, 255)
        line(headings, ACCENT)
        pdf.set_font("Helvetica", size=8.5)
        pdf.set_text_color(*INK)

    headings_row()
    for index, row in enumerate(rows):
        if pdf.get_y() + ROW_HEIGHT > pdf.page_break_trigger:
            pdf.add_page()
            headings_row()
        line([_cell(value) for value in row], STRIPE if index % 2 else None)


def _fitted(pdf: FPDF, text: str, width: float) -> str:
    """`text` cut (with "...") to the cell's width, less its padding."""
    room = width - 2 * pdf.c_margin
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "...") > room:
        text = text[:-1]
    return text + "..."
