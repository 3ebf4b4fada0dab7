"""Copy as pieces that shrink to fit a channel's limit, least important first."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Piece:
    options: list[str]
    """Richest first; an empty last option means the piece may be left out."""
    drop: int = 0
    """Order of shrinking when over the limit: the highest goes first; 0 never shrinks."""
    sep: str = "\n\n"
    """Put before the piece unless it comes first."""
    chosen: int = 0

    @property
    def text(self) -> str:
        return self.options[self.chosen]


def piece(
    *options: str | None, drop: int = 0, sep: str = "\n\n", optional: bool | None = None
) -> Piece:
    """A piece from its options, richest first (None ones are skipped: an unknown fact). With
    `drop` it shrinks to the next option when over the limit, and then, unless `optional` is
    False, disappears."""
    kept = [o for o in options if o] or [""]
    if (drop if optional is None else optional) and kept[-1]:
        kept.append("")
    return Piece(kept, drop, sep)


def join(pieces: Sequence[Piece]) -> str:
    out: list[str] = []
    for item in pieces:
        if item.text:
            out.append((item.sep if out else "") + item.text)
    return "".join(out)


def fit(pieces: list[Piece], measure: Callable[[str], int], limit: int) -> str:
    """The joined text, shrunk piece by piece until `measure` is within `limit` (or nothing
    shrinks any more: the linter then reports the length)."""
    while measure(join(pieces)) > limit:
        shrinkable = [p for p in pieces if p.drop and p.chosen < len(p.options) - 1]
        if not shrinkable:
            break
        # max() keeps the first of equals; the last of equals goes first, so reverse.
        victim = max(reversed(shrinkable), key=lambda p: p.drop)
        victim.chosen += 1
    return join(pieces)
