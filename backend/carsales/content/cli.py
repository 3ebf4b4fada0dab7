"""`carsales content lint|generate`: the compliance linter and the offline composer from a
shell, for scripts, CI checks of ad copy and evaluation."""

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError

from carsales.content.channels import CHANNEL_TYPE, Channel, ContentType
from carsales.content.compliance import Finding, lint
from carsales.content.facts import DealerProfile, Offer
from carsales.content.generation import GenerationSettings, compose
from carsales.vehicles.facts import VehicleFacts

content_app = typer.Typer(help="Marketing copy: generate it, check it.", no_args_is_help=True)
M = TypeVar("M", bound=BaseModel)


class LengthChoice(StrEnum):
    short = "short"
    medium = "medium"
    long = "long"


def _json_file(what: str) -> Any:
    return typer.Option(exists=True, dir_okay=False, readable=True, help=f"{what} (JSON)")


def _load(path: Path | None, model: type[M], option: str) -> M | None:
    """The JSON file as `model`; a bad file is a usage error (exit 2) that says what is wrong."""
    if path is None:
        return None
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise typer.BadParameter(f"{path} is not valid JSON: {exc}", param_hint=option) from exc
    if not isinstance(data, dict):
        raise typer.BadParameter(f"{path} must hold a JSON object", param_hint=option)
    known = {key for name, info in model.model_fields.items() for key in (name, info.alias) if key}
    unknown = sorted(set(data) - known)
    if unknown:
        raise typer.BadParameter(
            f"{path}: unknown field(s) {', '.join(unknown)}", param_hint=option
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'value'}: {error['msg']}"
            for error in exc.errors()
        )
        raise typer.BadParameter(f"{path}: {problems}", param_hint=option) from exc


def _findings_json(findings: list[Finding]) -> list[dict[str, Any]]:
    return [finding.model_dump(mode="json") for finding in findings]


def _print_findings(findings: list[Finding], text: str, indent: str = "") -> None:
    if not findings:
        typer.echo(f"{indent}no findings")
    for f in findings:
        where = text[f.start : f.end].replace("\n", " ")
        quoted = f' "{where}"' if where else ""
        typer.echo(f"{indent}{f.severity:<7} {f.category}/{f.rule} [{f.start}-{f.end}]{quoted}")
        typer.echo(f"{indent}        {f.message}")
        if f.fix:
            typer.echo(f"{indent}        fix: {f.fix}")


@content_app.command("lint")
def lint_command(
    file: Annotated[typer.FileText, typer.Argument(help="The copy to check; - reads stdin")],
    channel: Annotated[Channel, typer.Option(help="Where the copy goes")],
    subject: Annotated[str | None, typer.Option(help="E-mail subject line")] = None,
    offer: Annotated[Path | None, _json_file("The offer, for suggested disclosures")] = None,
    as_json: Annotated[bool, typer.Option("--json", help='Print {"findings": [...]}')] = False,
) -> None:
    """Check copy against the federal rules and the channel's limits; exit 1 on an error."""
    text = file.read()
    findings = lint(text, channel, subject=subject, offer=_load(offer, Offer, "--offer"))
    if as_json:
        typer.echo(json.dumps({"findings": _findings_json(findings)}, indent=2))
    else:
        _print_findings(findings, text)
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


@content_app.command("generate")
def generate_command(
    vehicle: Annotated[Path, _json_file("The vehicle: the API's vehicle fields")],
    content_type: Annotated[ContentType, typer.Option("--type", help="Kind of content")],
    channel: Annotated[Channel, typer.Option(help="Where the copy goes")],
    tone: Annotated[str, typer.Option(help="friendly, professional, urgent, playful")] = "friendly",
    audience: Annotated[
        str | None, typer.Option(help="families, first-time-buyers, commuters, off-road, luxury")
    ] = None,
    length: Annotated[LengthChoice, typer.Option(help="How much copy")] = LengthChoice.medium,
    call_to_action: Annotated[str | None, typer.Option("--cta", help="Your own CTA")] = None,
    video_seconds: Annotated[int, typer.Option(help="Video length in seconds")] = 30,
    variants: Annotated[int, typer.Option(min=1, max=10, help="How many variants")] = 3,
    dealership: Annotated[Path | None, _json_file("name, address, phone, website")] = None,
    offer: Annotated[Path | None, _json_file("kind, salePrice, monthlyPayment, apr...")] = None,
    seed: Annotated[int | None, typer.Option(help="Same seed, same variants")] = None,
    as_json: Annotated[bool, typer.Option("--json", help='Print {"variants": [...]}')] = False,
) -> None:
    """Write copy for a vehicle with the offline composer, each variant linted. Without
    --dealership the copy carries no dealership details at all (none are made up)."""
    if CHANNEL_TYPE[channel] is not content_type:
        raise typer.BadParameter(
            f"{channel} is a {CHANNEL_TYPE[channel]} channel, not {content_type}",
            param_hint="--type",
        )
    facts = _load(vehicle, VehicleFacts, "--vehicle")
    assert facts is not None  # the option is required
    the_offer = _load(offer, Offer, "--offer")
    try:
        settings = GenerationSettings.model_validate(
            {
                "platform": channel,
                "target_audience": audience,
                "tone": tone,
                "length": length.value,
                "call_to_action": call_to_action,
                "video_seconds": video_seconds,
            }
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        raise typer.BadParameter(f"{error['loc'][0]}: {error['msg']}") from exc
    written = compose(
        facts,
        settings,
        dealer=_load(dealership, DealerProfile, "--dealership"),
        offer=the_offer,
        variants=variants,
        seed=seed,
    )
    results = [
        (v, lint(v.text, channel, subject=v.subject, offer=the_offer, vehicle=facts))
        for v in written
    ]
    if as_json:
        out = [
            {"title": v.title, "subject": v.subject, "text": v.text, "findings": _findings_json(f)}
            for v, f in results
        ]
        typer.echo(json.dumps({"variants": out}, indent=2, ensure_ascii=False))
        return
    for number, (v, findings) in enumerate(results, start=1):
        typer.echo(f"--- Variant {number}: {v.title}")
        if v.subject:
            typer.echo(f"Subject: {v.subject}\nPreheader: {v.preheader or ''}\n")
        typer.echo(v.text)
        typer.echo("\nFindings:")
        _print_findings(findings, v.text, indent="  ")
        typer.echo("")
