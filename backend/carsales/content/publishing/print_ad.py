"""A print ad as a one-page PDF (US Letter): headline, body, price block and the disclosure small
print, with the dealership's details at the foot. Pure: the copy in, PDF bytes out.

The PDF's own Helvetica is used, so nothing has to be installed or embedded; it covers Latin-1,
and the few characters beyond it that copy uses (curly quotes, dashes, the ellipsis) are
written as their plain equivalents. Emoji have no place in print and are left out.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import XPos, YPos

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2022": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2122": "(TM)",
    }
)
_SMALL_PRINT = "small print"
# A price line stands alone ("It can be yours for $23,995."); a paragraph that mentions a
# price on the way is body.
_PRICE_BLOCK = 80
INK = (15, 23, 42)
MUTED = (71, 85, 105)
ACCENT = (37, 99, 235)


@dataclass(frozen=True)
class PrintAd:
    headline: str
    """Empty: the layout uses `title`."""
    body: Sequence[str] = ()
    """Paragraphs."""
    price_block: str | None = None
    small_print: str | None = None
    dealer_lines: Sequence[str] = field(default_factory=tuple)
    """Name, address, phone, website: whichever the dealership has."""
    title: str = "Print ad"
    """The document's title (its metadata)."""


def latin1(text: str) -> str:
    """`text` as Helvetica can write it."""
    plain = text.translate(_PLAIN)
    return plain.encode("latin-1", errors="ignore").decode("latin-1")


def split_print_copy(text: str, dealer_name: str | None = None) -> PrintAd:
    """The parts of a print ad's text, which the generator writes as blocks separated by blank
    lines: the headline first, the body, the price in a short block of its own, the
    dealership's details (its name first: the layout sets them apart), and the small print
    last ("Small print: ..."). Text edited into another shape still reads: whatever is not
    recognised is body."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    headline = blocks.pop(0) if len(blocks) > 1 else ""
    small_print = None
    if blocks and blocks[-1].lower().startswith(_SMALL_PRINT):
        small_print = blocks.pop()[len(_SMALL_PRINT) :].lstrip(" :")
    dealer_lines: list[str] = []
    if dealer_name:
        for block in blocks:
            if block.splitlines()[0].strip() == dealer_name:
                dealer_lines = [line.strip() for line in block.splitlines() if line.strip()]
                blocks.remove(block)
                break
    price_block = next(
        (block for block in reversed(blocks) if "$" in block and len(block) <= _PRICE_BLOCK),
        None,
    )
    return PrintAd(
        headline=headline,
        body=[block for block in blocks if block is not price_block],
        price_block=price_block,
        small_print=small_print,
        dealer_lines=dealer_lines,
    )


def render_print_ad(ad: PrintAd) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="Letter")
    pdf.set_title(latin1(ad.title))
    pdf.set_creator("Car Sales AI Assistant")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    width = pdf.epw

    pdf.set_text_color(*INK)
    pdf.set_font("Helvetica", style="B", size=30)
    pdf.multi_cell(
        width, 12, latin1(ad.headline or ad.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(2)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
    pdf.ln(6)

    pdf.set_font("Helvetica", size=13)
    for paragraph in ad.body:
        pdf.multi_cell(
            width, 6.5, latin1(paragraph), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(3)

    if ad.price_block:
        pdf.ln(3)
        pdf.set_fill_color(*ACCENT)
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("Helvetica", style="B", size=20)
        pdf.multi_cell(
            width,
            10,
            latin1(ad.price_block),
            fill=True,
            align="C",
            padding=4,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_text_color(*INK)
        pdf.ln(4)

    if ad.dealer_lines:
        pdf.set_font("Helvetica", style="B", size=12)
        pdf.multi_cell(width, 6, latin1(ad.dealer_lines[0]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", size=11)
        for line in ad.dealer_lines[1:]:
            pdf.multi_cell(width, 5.5, latin1(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)

    if ad.small_print:
        pdf.set_text_color(*MUTED)
        pdf.set_font("Helvetica", size=7.5)
        pdf.multi_cell(width, 3.6, latin1(ad.small_print), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    return bytes(pdf.output())
