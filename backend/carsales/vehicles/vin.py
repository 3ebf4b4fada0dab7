"""Decoding a VIN offline with NHTSA vPIC's tables (the `vin` package's SQLite copy). Pure.

Decoding reads SQLite: blocking I/O, so async callers run `decode` in a thread. The package
shares one SQLite connection between threads; a lock keeps its cursors from interleaving (a
decode takes milliseconds).
"""

import re
import threading
from dataclasses import dataclass

from vin import VIN, DecodingError, DecodingRequiredError

VIN_LENGTH = 17
# Letters I, O and Q are never used (they read as 1 and 0).
VIN_PATTERN = r"^[A-HJ-NPR-Z0-9]{17}$"
_VIN = re.compile(VIN_PATTERN)
_lock = threading.Lock()

# vPIC's body classes, named as a dealer's listing names them.
_BODY_STYLES = {
    "Sport Utility Vehicle (SUV)/Multi-Purpose Vehicle (MPV)": "SUV",
    "Crossover Utility Vehicle (CUV)": "Crossover",
    "Sedan/Saloon": "Sedan",
    "Hatchback/Liftback/Notchback": "Hatchback",
    "Convertible/Cabriolet": "Convertible",
    "Sport Utility Truck (SUT)": "Pickup",
    "Cargo Van": "Van",
}
_FUEL_TYPES = {
    "BEV": "Electric",
    "PHEV": "Plug-in Hybrid",
    "FCEV": "Hydrogen Fuel Cell",
    "HEV": "Hybrid",
    "Mild HEV": "Hybrid",
    "Strong HEV": "Hybrid",
}
# Drive names that trims carry; only these, so nothing is guessed from the model's reputation.
_DRIVES = [
    (re.compile(r"\b(AWD|all[- ]wheel|quattro|xDrive|4MATIC|4MOTION)\b", re.IGNORECASE), "AWD"),
    (re.compile(r"\b(4WD|4X4|four[- ]wheel)\b", re.IGNORECASE), "4WD"),
    (re.compile(r"\b(FWD|front[- ]wheel)\b", re.IGNORECASE), "FWD"),
    (re.compile(r"\b(RWD|rear[- ]wheel)\b", re.IGNORECASE), "RWD"),
]


class VinError(ValueError):
    """Why a VIN cannot be used; `code` says which kind of problem it is."""

    code = "invalid_vin"


class VinCheckDigitError(VinError):
    code = "vin_check_digit"


class UnknownVinError(VinError):
    code = "unknown_vin"


@dataclass(frozen=True)
class DecodedVin:
    vin: str
    year: int | None
    make: str | None
    model: str | None
    trim: str | None
    body_style: str | None
    drivetrain: str | None
    fuel_type: str | None
    manufacturer: str | None


def normalise_vin(value: str) -> str:
    """Upper case, without the spaces and dashes people type to keep their place."""
    return re.sub(r"[\s-]", "", value).upper()


def check(value: str) -> str:
    """The VIN, normalised, when its length, characters and check digit are right."""
    vin = normalise_vin(value)
    if not _VIN.match(vin):
        raise VinError(
            f"A VIN has {VIN_LENGTH} letters and digits, without I, O or Q; {value!r} is not one."
        )
    if VIN.calculate_check_digit(vin) != vin[8]:
        raise VinCheckDigitError(
            f"The VIN {vin} fails its check digit (position 9): a character is mistyped."
        )
    return vin


def decode(value: str) -> DecodedVin:
    """Year, make, model, trim, body style (and the fuel and drive when vPIC says) of a VIN."""
    vin = check(value)
    try:
        with _lock:
            decoded = VIN(vin)
    except DecodingError:
        raise UnknownVinError(
            f"The VIN {vin} is not in NHTSA's tables (too new, or not a US-market vehicle): "
            "enter the vehicle's details by hand."
        ) from None
    except ValueError as exc:  # e.g. a model year character that no year uses
        raise VinError(f"The VIN {vin} cannot be decoded: {exc}.") from None
    trim = _field(decoded, "trim") or _field(decoded, "series")
    year = _field(decoded, "model_year")
    return DecodedVin(
        vin=vin,
        year=int(year) if year else None,
        make=_field(decoded, "make"),
        model=_field(decoded, "model"),
        trim=trim,
        body_style=_body_style(_field(decoded, "body_class")),
        drivetrain=_drivetrain(trim),
        fuel_type=_fuel_type(_field(decoded, "electrification_level")),
        manufacturer=_field(decoded, "manufacturer"),
    )


def _field(decoded: VIN, name: str) -> str | None:
    """A decoded property as text; None where vPIC has nothing (the package raises then)."""
    try:
        value = getattr(decoded, name)
    except DecodingRequiredError:
        return None
    return str(value).strip() or None if value else None


def _body_style(body_class: str | None) -> str | None:
    if body_class is None:
        return None
    # Otherwise vPIC's own name, without its parenthesised abbreviations.
    return _BODY_STYLES.get(body_class) or re.sub(r"\s*\([^)]*\)", "", body_class).strip()


def _fuel_type(level: str | None) -> str | None:
    """Only electrified vehicles say their fuel in vPIC's tables; others are left blank."""
    if level is None:
        return None
    return _FUEL_TYPES.get(level.split(" (")[0].strip())


def _drivetrain(trim: str | None) -> str | None:
    if trim is None:
        return None
    return next((drive for pattern, drive in _DRIVES if pattern.search(trim)), None)
