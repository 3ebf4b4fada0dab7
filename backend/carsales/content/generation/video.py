"""A video script: scenes with shot, voice-over and on-screen text, timed to the target length
at the voice-over pace of carsales.content.channels (150 words a minute)."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from carsales.content.channels import WORDS_PER_MINUTE_VOICE_OVER
from carsales.content.generation import phrases
from carsales.content.generation.draft import TOLD_FACTS, Draft, facts_told, repeats
from carsales.content.generation.schemas import Scene, Variant
from carsales.content.generation.wording import strip_emoji

MIN_SCENE_SECONDS = 2
VISIT = "Find us at {dealer}, {address}."
VISIT_ADDRESS = "Find us at {address}."
_SCHEME = re.compile(r"\bhttps?://")


@dataclass
class _Beat:
    kind: str
    voice_over: str
    on_screen: str
    feature: str = ""


def video(draft: Draft) -> Variant:
    seconds = draft.settings.video_seconds
    # Nine tenths of the pace: room to breathe between scenes.
    budget = int(seconds * WORDS_PER_MINUTE_VOICE_OVER / 60 * 0.9)
    beats = _beats(draft, max_scenes=3 + seconds // 10)
    # Cut the middle (features, then the story) until the voice-over fits the target length.
    while _words(beats) > budget and len(beats) > 3:
        beats.pop(-3)
    if _words(beats) > budget:
        beats = [
            _Beat(b.kind, _trim(b.voice_over, budget // len(beats)), b.on_screen) for b in beats
        ]
    scenes = _timed(draft, beats, seconds)
    title = strip_emoji(draft.headline())
    lines = [f"Video script: {title}"]
    for scene in scenes:
        lines += [
            "",
            f"Scene {scene.number} ({_clock(scene.start_seconds)}-{_clock(scene.end_seconds)})",
            f"Shot: {scene.shot}",
            f"Voice-over: {scene.voice_over}",
            f"On screen: {scene.on_screen_text}",
        ]
    return Variant(title=title, text="\n".join(lines), scenes=scenes)


def _beats(draft: Draft, max_scenes: int) -> list[_Beat]:
    words = draft.words
    values = words.values
    name = values.get("name", "")
    beats = [_Beat("hook", draft.opening(), name)]
    stories = [draft.story(), draft.story(second=True) if max_scenes > 6 else None]
    told = [story for story in stories if story]
    for story in told:
        beats.append(_Beat("exterior", story, _caption(story, values, name)))
    lights = [light for light in draft.lights if not any(repeats(light, s, values) for s in told)]
    for light in lights[: max(1, max_scenes - len(beats) - 2)]:
        kind = "fact" if light.fact else "feature"
        beats.append(_Beat(kind, light.benefit + ".", light.bullet, light.phrase))
    price = draft.price()
    offer = words.offer_full or words.offer_safe
    if price or offer:
        # The payment terms go on screen with their full disclosure, in the same scene; the
        # voice-over names the APR alone at most (not a trigger term).
        on_screen = " | ".join(p for p in (values.get("price"), offer) if p)
        spoken = " ".join(p for p in (price, words.offer_safe) if p)
        beats.append(_Beat("price", spoken, on_screen or offer or ""))
    end_card = draft.contact(" | ")
    cta = draft.cta()
    visit = _visit(values, cta, words.fill) if max_scenes > 4 else None
    voice = " ".join(p for p in (cta, visit) if p)
    beats.append(_Beat("cta", voice, end_card or strip_emoji(cta)))
    return [
        _Beat(b.kind, _spoken(b.voice_over), strip_emoji(b.on_screen), b.feature) for b in beats
    ]


def _caption(story: str, values: dict[str, str], name: str) -> str:
    """What the screen shows while `story` is read: the first fact it tells ("27 city / 32
    highway mpg" under "With AWD and 27 city / 32 highway mpg, ..."), else the colour or name."""
    told = facts_told(story, values)
    return next((values[key] for key in TOLD_FACTS if key in told), values.get("color", name))


def _spoken(text: str) -> str:
    """A voice-over as it is read out: no emoji, and a web address without "https://"."""
    return _SCHEME.sub("", strip_emoji(text))


def _visit(values: dict[str, str], cta: str, fill: Callable[[str], str | None]) -> str | None:
    """Where to find the dealership, less what the call to action already says ("Head to
    Sunset Motors today!" is not followed by "Find us at Sunset Motors, ...")."""
    if "address" not in values or values["address"] in cta:
        return None
    named = "dealer" not in values or values["dealer"] in cta
    return fill(VISIT_ADDRESS if named else VISIT)


def _words(beats: list[_Beat]) -> int:
    return sum(len(b.voice_over.split()) for b in beats)


def _trim(text: str, words: int) -> str:
    kept = text.split()
    return text if len(kept) <= words else " ".join(kept[: max(words, 3)]).rstrip(",.;:") + "."


def _timed(draft: Draft, beats: list[_Beat], seconds: int) -> list[Scene]:
    """Scene lengths in whole seconds, in proportion to their voice-over, ending on the target."""
    floor = MIN_SCENE_SECONDS * WORDS_PER_MINUTE_VOICE_OVER / 60  # no scene shorter than this
    weights = [max(len(b.voice_over.split()), floor) for b in beats]
    total = sum(weights)
    ends, acc = [], 0.0
    for weight in weights:
        acc += weight
        ends.append(round(seconds * acc / total))
    scenes, start = [], 0
    for number, (beat, end) in enumerate(zip(beats, ends, strict=True), start=1):
        end = max(end, start + 1)
        shot = draft.rng.choice(phrases.SHOTS[beat.kind]).format(feature=beat.feature)
        scenes.append(
            Scene(
                number=number,
                start_seconds=float(start),
                end_seconds=float(end),
                shot=shot,
                voice_over=beat.voice_over,
                on_screen_text=beat.on_screen,
            )
        )
        start = end
    scenes[-1].end_seconds = float(seconds)
    return scenes


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
