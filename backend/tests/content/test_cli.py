"""`carsales content lint|generate` through typer's runner: JSON shapes, exit codes, errors."""

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from carsales.cli import app

runner = CliRunner()
VEHICLE = {
    "vin": "2HKRW2H85LH600001",
    "stockNumber": "A1234",
    "condition": "used",
    "year": 2021,
    "make": "Honda",
    "model": "CR-V",
    "trim": "EX",
    "mileage": 23456,
    "price": 27995,
    "exteriorColor": "Crystal Black Pearl",
    "features": ["Apple CarPlay", "Heated front seats", "Power liftgate"],
}
DEALER = {
    "name": "Sunset Motors",
    "address": "1200 Ocean Ave, Santa Monica, CA 90401",
    "phone": "(310) 555-0134",
    "website": "https://sunsetmotors.example",
}


def write_json(tmp_path: Path, name: str, data: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return str(path)


def test_lint_json_lists_findings_and_exits_1_on_an_error(tmp_path: Path) -> None:
    ad = write_json(tmp_path, "ad.txt", "Drive it home for only $299/mo! Guaranteed approval.")
    result = runner.invoke(app, ["content", "lint", "--channel", "facebook", "--json", ad])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert {f["category"] for f in findings} >= {"reg-z", "deceptive-claim"}
    first = findings[0]
    assert set(first) >= {"category", "rule", "severity", "message", "start", "end"}
    assert "Drive it home for only $299/mo!"[first["start"] : first["end"]] == "$299/mo"


def test_lint_reads_stdin_and_prints_a_readable_list() -> None:
    clean = "Come see the 2021 Honda CR-V at Sunset Motors this weekend."
    result = runner.invoke(app, ["content", "lint", "--channel", "facebook", "-"], input=clean)
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output
    result = runner.invoke(
        app, ["content", "lint", "--channel", "google-business", "-"], input="Call 310-555-0134"
    )
    assert "platform-rule" in result.output


def test_generate_json_has_linted_variants_and_no_invented_dealer(tmp_path: Path) -> None:
    vehicle = write_json(tmp_path, "vehicle.json", VEHICLE)
    for content_type, channel in (("social", "instagram"), ("social", "sms"), ("email", "email")):
        result = runner.invoke(
            app,
            [
                "content", "generate", "--vehicle", vehicle, "--type", content_type,
                "--channel", channel, "--variants", "2", "--seed", "5", "--json",
            ],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        variants = json.loads(result.stdout)["variants"]
        assert len(variants) == 2
        for variant in variants:
            assert set(variant) == {"title", "subject", "text", "findings"}
            assert "555" not in variant["text"] and "Sunset" not in variant["text"]
            assert isinstance(variant["findings"], list)
        if channel == "email":
            # No address to put in the CAN-SPAM footer: the marker is there and flagged.
            assert all(v["subject"] for v in variants)
            assert "[Add your dealership's postal address]" in variants[0]["text"]
            assert any(f["category"] == "can-spam" for f in variants[0]["findings"])


def test_generate_with_dealership_and_offer_passes_the_linter(tmp_path: Path) -> None:
    offer = {"kind": "finance", "monthlyPayment": 389, "termMonths": 60, "apr": 4.9,
             "downPayment": 3000}  # fmt: skip
    result = runner.invoke(
        app,
        [
            "content", "generate", "--vehicle", write_json(tmp_path, "v.json", VEHICLE),
            "--type", "print", "--channel", "print", "--tone", "urgent",
            "--dealership", write_json(tmp_path, "d.json", DEALER),
            "--offer", write_json(tmp_path, "o.json", offer), "--json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for variant in json.loads(result.stdout)["variants"]:
        assert "(310) 555-0134" in variant["text"] and "4.9% APR" in variant["text"]
        assert [f for f in variant["findings"] if f["severity"] == "error"] == []


def test_generate_prints_readable_variants(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "content", "generate", "--vehicle", write_json(tmp_path, "v.json", VEHICLE),
            "--type", "video", "--channel", "video", "--variants", "1",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "--- Variant 1:" in result.output and "Scene 1 (0:00-" in result.output
    assert "Findings:" in result.output


def test_generate_usage_errors_exit_2_with_a_clear_message(tmp_path: Path) -> None:
    vehicle = write_json(tmp_path, "v.json", VEHICLE)
    cases = [
        (["--vehicle", vehicle, "--type", "email", "--channel", "sms"], "sms is a social channel"),
        (
            ["--vehicle", write_json(tmp_path, "bad.json", "{not json"), "--type", "social",
             "--channel", "x"],
            "is not valid JSON",
        ),
        (
            ["--vehicle", write_json(tmp_path, "extra.json", {**VEHICLE, "colour": "red"}),
             "--type", "social", "--channel", "x"],
            "unknown field(s) colour",
        ),
        (
            ["--vehicle", write_json(tmp_path, "wrong.json", {"year": "soon"}), "--type",
             "social", "--channel", "x"],
            "year",
        ),
        (
            ["--vehicle", vehicle, "--type", "social", "--channel", "x",
             "--dealership", write_json(tmp_path, "list.json", [1, 2])],
            "must hold a JSON object",
        ),
        (["--vehicle", vehicle, "--type", "social", "--channel", "tiktok"], "tiktok"),
    ]  # fmt: skip
    for args, message in cases:
        result = runner.invoke(app, ["content", "generate", *args])
        assert result.exit_code == 2, (args, result.output)
        # Rich draws the message in a box: read it without the frame and the line breaks.
        plain = " ".join(re.sub("[\u2500-\u257f]", " ", result.output).split())
        assert message in plain, result.output
        assert "Traceback" not in result.output
