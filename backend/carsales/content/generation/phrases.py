"""Phrase banks of the offline composer: data, kept in phrases.toml next to this module so that
copy is edited without touching Python (the file's header says how a template is written).

The file is read once, when this module is imported, and validated: a missing or misspelt key,
a value of the wrong shape or a tone table without every tone stops the app at start-up with a
message naming the file and the key. The banks are exposed as the constants the composer reads.
"""

import tomllib
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

PHRASES_FILE = Path(__file__).with_name("phrases.toml")

Bank = tuple[str, ...]
ByTone = dict[str, Bank]


# The tables keyed by tone.
_TONE_TABLES = (
    "openings",
    "feature_sentences",
    "feature_sentences_one",
    "list_intros",
    "stories",
    "prices",
    "sale_prices",
    "ctas",
    "plain_ctas",
    "headlines",
    "subjects",
    "greetings",
    "sign_offs",
    "sms_openers",
)


class PhraseBankError(ValueError):
    """A phrase file that cannot be used: the message names the file and the key."""


class Topic(NamedTuple):
    stems: Bank
    """Keyword stems found in a feature's text."""
    benefit: str
    """What the feature means to a buyer ({feature} is the feature's words)."""


class PhraseBanks(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tones: Bank
    fallback_openings: Bank
    nameless_openings: Bank
    fallback_headlines: Bank
    finance_teaser: str
    general_finance: str
    general_lease: str
    sms_ctas: Bank
    hashtags_general: Bank
    proper_words: frozenset[str]
    tone_synonyms: dict[str, str]
    audiences: dict[str, Bank]
    openings: ByTone
    audience_openings: dict[str, Bank]
    audience_values: dict[str, str]
    topics: dict[str, Topic]
    audience_topics: dict[str, Bank]
    audience_facts: dict[str, Bank]
    fact_highlights: dict[str, str]
    feature_sentences: ByTone
    feature_sentences_one: ByTone
    list_intros: ByTone
    stories: ByTone
    prices: ByTone
    sale_prices: ByTone
    ctas: ByTone
    plain_ctas: dict[str, str]
    headlines: ByTone
    subjects: ByTone
    greetings: dict[str, str]
    sign_offs: dict[str, str]
    sms_openers: ByTone
    shots: dict[str, Bank]
    hashtags_audience: dict[str, Bank]
    hashtags_condition: dict[str, str]
    body_words: dict[str, str]
    condition_words: dict[str, str]

    @model_validator(mode="after")
    def _every_tone(self) -> "PhraseBanks":
        """The composer looks a tone up in each of these tables: a tone left out would fail
        only when someone writes in it."""
        tones = set(self.tones)
        for name in _TONE_TABLES:
            value = getattr(self, name)
            if set(value) != tones:
                missing = sorted(tones - set(value))
                extra = sorted(set(value) - tones)
                raise ValueError(f"{name}: tones missing {missing}, unknown {extra}")
        for synonym, tone in self.tone_synonyms.items():
            if tone not in tones:
                raise ValueError(f"tone_synonyms.{synonym}: {tone!r} is not one of the tones")
        return self


def load_phrases(path: Path = PHRASES_FILE) -> PhraseBanks:
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PhraseBankError(f"{path}: {exc}") from None
    try:
        return PhraseBanks.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "(the file)"
        raise PhraseBankError(f"{path}: {where}: {error['msg']}") from None


_BANKS = load_phrases()

TONES = _BANKS.tones
TONE_SYNONYMS = _BANKS.tone_synonyms
AUDIENCES = _BANKS.audiences
OPENINGS = _BANKS.openings
AUDIENCE_OPENINGS = _BANKS.audience_openings
AUDIENCE_VALUES = _BANKS.audience_values
FALLBACK_OPENINGS = _BANKS.fallback_openings
NAMELESS_OPENINGS = _BANKS.nameless_openings
TOPICS = _BANKS.topics
AUDIENCE_TOPICS = _BANKS.audience_topics
AUDIENCE_FACTS = _BANKS.audience_facts
FACT_HIGHLIGHTS = _BANKS.fact_highlights
FEATURE_SENTENCES = _BANKS.feature_sentences
FEATURE_SENTENCES_ONE = _BANKS.feature_sentences_one
LIST_INTROS = _BANKS.list_intros
STORIES = _BANKS.stories
PRICES = _BANKS.prices
SALE_PRICES = _BANKS.sale_prices
FINANCE_TEASER = _BANKS.finance_teaser
GENERAL_FINANCE = _BANKS.general_finance
GENERAL_LEASE = _BANKS.general_lease
CTAS = _BANKS.ctas
PLAIN_CTAS = _BANKS.plain_ctas
SMS_CTAS = _BANKS.sms_ctas
HEADLINES = _BANKS.headlines
FALLBACK_HEADLINES = _BANKS.fallback_headlines
SUBJECTS = _BANKS.subjects
GREETINGS = _BANKS.greetings
SIGN_OFFS = _BANKS.sign_offs
SMS_OPENERS = _BANKS.sms_openers
SHOTS = _BANKS.shots
HASHTAGS_GENERAL = _BANKS.hashtags_general
HASHTAGS_AUDIENCE = _BANKS.hashtags_audience
HASHTAGS_CONDITION = _BANKS.hashtags_condition
BODY_WORDS = _BANKS.body_words
CONDITION_WORDS = _BANKS.condition_words
PROPER_WORDS = _BANKS.proper_words
