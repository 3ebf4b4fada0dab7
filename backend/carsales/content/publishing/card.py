"""A social post card as a PNG: the car's processed photo (or a typographic layout without one),
the car, its price and the dealership's name. Pure: bytes in, bytes out.

The sizes are the ones the platforms show without cropping: square (Instagram, Facebook),
portrait 4:5 (Instagram's tallest feed post) and landscape 1.91:1 (link previews, X).
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

SIZES: dict[str, tuple[int, int]] = {
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "landscape": (1200, 630),
}

BACKGROUND = (244, 245, 247)
BAND = (15, 23, 42)
INK = (15, 23, 42)
MUTED = (71, 85, 105)
ACCENT = (37, 99, 235)
WHITE = (255, 255, 255)

# DejaVu ships with most Linux systems (CI installs fonts-dejavu-core); without it Pillow's own
# built-in font serves, so a card can always be drawn.
_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class Card:
    headline: str
    """The car: "2021 Honda Civic EX" (or the offer's title when there is no car)."""
    price: str | None = None
    tagline: str | None = None
    dealer_name: str | None = None
    footer: str | None = None
    """A small last line: the website or the stock number."""


@cache
def _font_file(bold: bool) -> Path | None:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    return None


def _font(size: int, *, bold: bool = False) -> Font:
    path = _font_file(bold)
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


def _width(draw: ImageDraw.ImageDraw, text: str, font: Font) -> float:
    return draw.textlength(text, font=font)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, max_width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and _width(draw, candidate, font) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _fitted(
    draw: ImageDraw.ImageDraw,
    text: str,
    max_width: int,
    size: int,
    *,
    bold: bool = False,
    max_lines: int = 2,
) -> tuple[Font, list[str]]:
    """The largest font from `size` down at which `text` wraps into `max_lines` lines."""
    while True:
        font = _font(size, bold=bold)
        lines = _wrap(draw, text, font, max_width)
        fits = all(_width(draw, line, font) <= max_width for line in lines)
        if (len(lines) <= max_lines and fits) or size <= 14:
            return font, lines[:max_lines]
        size = int(size * 0.9)


def _draw_lines(
    draw: ImageDraw.ImageDraw,
    lines: Sequence[str],
    font: Font,
    x: int,
    y: int,
    fill: tuple[int, int, int],
    *,
    center_width: int | None = None,
) -> int:
    """Draws the lines from `y` down; returns the y below the last one."""
    line_height = int(getattr(font, "size", 16) * 1.2)
    for line in lines:
        left = x
        if center_width is not None:
            left = x + int((center_width - _width(draw, line, font)) / 2)
        draw.text((left, y), line, font=font, fill=fill)
        y += line_height
    return y


def _open_photo(photo: bytes) -> Image.Image | None:
    try:
        image = Image.open(io.BytesIO(photo))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    return ImageOps.exif_transpose(image).convert("RGBA")


def render_card(card: Card, photo: bytes | None = None, layout: str = "square") -> bytes:
    """The card as PNG bytes. A photo that cannot be decoded is left out, not an error: the
    typographic card is still a card."""
    width, height = SIZES[layout]
    canvas = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    margin = width // 18
    inner = width - 2 * margin

    band = max(height // 11, 56)
    draw.rectangle((0, 0, width, band), fill=BAND)
    if card.dealer_name:
        font, [name, *_] = _fitted(draw, card.dealer_name, inner, band // 2, bold=True, max_lines=1)
        top = (band - int(getattr(font, "size", 16) * 1.2)) // 2 + 2
        draw.text((margin, top), name, font=font, fill=WHITE)

    # The lower part holds the words; the photo (or a large headline) fills what is left.
    panel_height = int(height * (0.36 if layout == "landscape" else 0.3))
    panel_top = height - panel_height
    image = _open_photo(photo) if photo else None
    if image is not None:
        area = (inner, panel_top - band - margin // 2)
        fitted = ImageOps.contain(image, area, Image.Resampling.LANCZOS)
        left = margin + (area[0] - fitted.width) // 2
        top = band + margin // 4 + (area[1] - fitted.height) // 2
        canvas.paste(fitted, (left, top), fitted)
        headline_font, headline = _fitted(draw, card.headline, inner, height // 16, bold=True)
        y = _draw_lines(draw, headline, headline_font, margin, panel_top + margin // 3, INK)
    else:
        headline_font, headline = _fitted(
            draw, card.headline, inner, height // 9, bold=True, max_lines=3
        )
        line_height = int(getattr(headline_font, "size", 16) * 1.2)
        block = line_height * len(headline)
        top = band + (panel_top - band - block) // 2
        _draw_lines(draw, headline, headline_font, margin, top, INK, center_width=inner)
        draw.line((margin, panel_top, width - margin, panel_top), fill=ACCENT, width=6)
        y = panel_top + margin // 3

    if card.price:
        price_font, price = _fitted(draw, card.price, inner, height // 14, bold=True, max_lines=1)
        y = _draw_lines(draw, price, price_font, margin, y, ACCENT)
    if card.tagline:
        tagline_font, tagline = _fitted(draw, card.tagline, inner, height // 30)
        y = _draw_lines(draw, tagline, tagline_font, margin, y + 4, MUTED)
    if card.footer:
        footer_font = _font(max(height // 45, 14))
        footer_y = height - margin // 2 - int(getattr(footer_font, "size", 16) * 1.2)
        draw.text((margin, max(y, footer_y)), card.footer, font=footer_font, fill=MUTED)

    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()
