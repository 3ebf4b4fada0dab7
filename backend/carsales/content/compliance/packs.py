"""Rule packs: the rules as data, one TOML file per jurisdiction in `packs/`, so a compliance
officer can read what is checked and a state is added without code. Each rule names its
engine (engines.py, disclosures.py) and gives that engine its patterns. Packs are validated
when loaded; an error names the file and the field."""

import re
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from carsales.content.channels import Channel
from carsales.content.compliance.base import (
    Checker,
    Document,
    PackError,
    Params,
    compile_pattern,
)
from carsales.content.compliance.engines import ENGINES
from carsales.content.compliance.findings import Category, Finding, FindingSeverity
from carsales.kit.schema import ApiModel

PACKS_DIR = Path(__file__).parent / "packs"
_E = TypeVar("_E", Category, FindingSeverity, Channel)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PACK_FIELDS = {"id", "name", "description", "always_on", "fragments", "terms", "rules"}
_RULE_FIELDS = {
    "id",
    "category",
    "severity",
    "summary",
    "message",
    "citation",
    "engine",
    "channels",
}


class RuleInfo(ApiModel):
    id: str
    category: Category
    severity: FindingSeverity
    summary: str
    """What the rule checks, in a sentence a compliance officer can read."""
    message: str
    citation: str | None
    channels: list[Channel] | None
    """The channels the rule applies to; None: all."""


class RulePackInfo(ApiModel):
    id: str
    name: str
    description: str
    always_on: bool
    rules: list[RuleInfo]


@dataclass(frozen=True)
class Rule:
    info: RuleInfo
    check: Checker

    def run(self, doc: Document) -> list[Finding]:
        channels = self.info.channels
        if channels is not None and doc.channel not in channels:
            return []
        return [
            Finding(
                category=self.info.category,
                rule=self.info.id,
                severity=hit.severity or self.info.severity,
                message=self.info.message.format_map(hit.values),
                start=hit.start,
                end=hit.end,
                citation=self.info.citation,
                fix=hit.fix,
            )
            for hit in self.check(doc)
        ]


@dataclass(frozen=True)
class RulePack:
    info: RulePackInfo
    rules: tuple[Rule, ...]


def _text(table: Mapping[str, Any], name: str, where: str, *, required: bool = True) -> str:
    value = table.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise PackError(f"{where}.{name}: must be a non-empty string")
    return value


def _enum(kind: type[_E], value: Any, where: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise PackError(f"{where}: must be one of {choices} (got {value!r})") from None


def _table(data: Mapping[str, Any], name: str, where: str) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise PackError(f"{where}.{name}: must be a table")
    return value


def _terms(
    data: Mapping[str, Any], where: str, fragments: Mapping[str, str]
) -> dict[str, list[re.Pattern[str]]]:
    terms: dict[str, list[re.Pattern[str]]] = {}
    for name, sources in _table(data, "terms", where).items():
        if (
            not isinstance(sources, list)
            or not sources
            or not all(isinstance(s, str) for s in sources)
        ):
            raise PackError(f"{where}.terms.{name}: must be a non-empty list of strings")
        terms[name] = [compile_pattern(s, f"{where}.terms.{name}", fragments) for s in sources]
    return terms


def _rule(
    raw: Any,
    where: str,
    fragments: Mapping[str, str],
    terms: Mapping[str, list[re.Pattern[str]]],
) -> Rule:
    if not isinstance(raw, dict):
        raise PackError(f"{where}: must be a table")
    rule_id = _text(raw, "id", where)
    if not _ID.match(rule_id):
        raise PackError(f"{where}.id: {rule_id!r} must be lower-case letters, digits and dashes")
    where = f"{where} ({rule_id})"
    engine_name = _text(raw, "engine", where)
    engine = ENGINES.get(engine_name)
    if engine is None:
        raise PackError(f"{where}.engine: unknown engine {engine_name!r} ({', '.join(ENGINES)})")
    message = _text(raw, "message", where)
    used = {name for _, name, _, _ in string.Formatter().parse(message) if name}
    if used - engine.placeholders:
        raise PackError(
            f"{where}.message: unknown placeholder {{{sorted(used - engine.placeholders)[0]}}}"
            f" (the {engine_name} engine fills {', '.join(sorted(engine.placeholders)) or 'none'})"
        )
    channels_raw = raw.get("channels")
    channels: list[Channel] | None = None
    if channels_raw is not None:
        if not isinstance(channels_raw, list) or not channels_raw:
            raise PackError(f"{where}.channels: must be a non-empty list of channels")
        channels = [_enum(Channel, c, f"{where}.channels") for c in channels_raw]
    info = RuleInfo(
        id=rule_id,
        category=_enum(Category, raw.get("category"), f"{where}.category"),
        severity=_enum(FindingSeverity, raw.get("severity"), f"{where}.severity"),
        summary=_text(raw, "summary", where),
        message=message,
        citation=_text(raw, "citation", where, required=False) or None,
        channels=channels,
    )
    params = Params(
        {k: v for k, v in raw.items() if k not in _RULE_FIELDS}, where, fragments, terms
    )
    check = engine.build(params)
    params.done()
    return Rule(info, check)


def load_pack(path: Path) -> RulePack:
    """Read and validate one pack file."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"{where}: not valid TOML: {error}") from error
    extra = sorted(set(data) - _PACK_FIELDS)
    if extra:
        raise PackError(f"{where}: {extra[0]}: is not a field of a rule pack")
    pack_id = _text(data, "id", where)
    if pack_id != path.stem:
        raise PackError(f"{where}: id: {pack_id!r} must equal the file name {path.stem!r}")
    fragments = dict(_table(data, "fragments", where))
    for name, value in fragments.items():
        if not isinstance(value, str):
            raise PackError(f"{where}: fragments.{name}: must be a string")
    terms = _terms(data, where, fragments)
    always_on = data.get("always_on", False)
    if not isinstance(always_on, bool):
        raise PackError(f"{where}: always_on: must be true or false")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise PackError(f"{where}: rules: a pack needs at least one [[rules]] table")
    rules = tuple(
        _rule(raw, f"{where}: rules[{index}]", fragments, terms)
        for index, raw in enumerate(raw_rules)
    )
    ids = [rule.info.id for rule in rules]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise PackError(f"{where}: rules: the id {duplicate!r} is used twice")
    info = RulePackInfo(
        id=pack_id,
        name=_text(data, "name", where),
        description=_text(data, "description", where),
        always_on=always_on,
        rules=[rule.info for rule in rules],
    )
    return RulePack(info, rules)


@cache
def installed_packs() -> Mapping[str, RulePack]:
    """Every pack shipped in `packs/`, loaded once per process, always-on packs first."""
    packs = [load_pack(path) for path in sorted(PACKS_DIR.glob("*.toml"))]
    packs.sort(key=lambda pack: (not pack.info.always_on, pack.info.id))
    return {pack.info.id: pack for pack in packs}


def available_packs() -> list[RulePackInfo]:
    return [pack.info for pack in installed_packs().values()]


def select_packs(ids: Sequence[str]) -> list[RulePack]:
    """The always-on packs plus the ones asked for; an unknown id is an error."""
    installed = installed_packs()
    unknown = [i for i in ids if i not in installed]
    if unknown:
        raise ValueError(
            f"unknown compliance pack {unknown[0]!r}; available: {', '.join(installed)}"
        )
    return [pack for pack in installed.values() if pack.info.always_on or pack.info.id in ids]
