"""VIN decoding offline from NHTSA vPIC's tables. The expected values are vPIC's own (the
`vin` package's test VINs)."""

import pytest

from carsales.vehicles.vin import (
    UnknownVinError,
    VinCheckDigitError,
    VinError,
    check,
    decode,
)


def test_a_vin_decodes_to_year_make_model_and_body() -> None:
    decoded = decode("5N3ZA0NE1AN908084")
    assert (decoded.year, decoded.make, decoded.model) == (2010, "Infiniti", "QX56")
    assert decoded.body_style == "SUV"
    assert decoded.trim is None  # vPIC has no trim for it: left blank, not guessed
    assert decoded.manufacturer == "Nissan North America, Inc."


def test_trim_drive_and_fuel_come_from_the_tables_when_they_have_them() -> None:
    audi = decode("WAUFFGFF8F1068897")
    assert (audi.year, audi.make, audi.model, audi.trim) == (2015, "Audi", "S3", "Prestige quattro")
    assert (audi.body_style, audi.drivetrain, audi.fuel_type) == ("Sedan", "AWD", None)
    tesla = decode("5YJ3A1E12HF000001")
    assert (tesla.year, tesla.model, tesla.body_style) == (2017, "Model 3", "Hatchback")
    assert tesla.fuel_type == "Electric"
    ford = decode("1FTMW1SD8PF000001")
    assert (ford.model, ford.body_style, ford.fuel_type) == ("F-150", "Pickup", "Hybrid")


def test_typing_habits_are_forgiven() -> None:
    assert check(" 5n3za0ne1an-908084 ") == "5N3ZA0NE1AN908084"
    assert decode("5n3z a0ne1an908084").vin == "5N3ZA0NE1AN908084"


def test_a_mistyped_character_fails_the_check_digit() -> None:
    with pytest.raises(VinCheckDigitError) as raised:
        decode("5N3ZA0NE2AN908084")
    assert raised.value.code == "vin_check_digit"
    assert "position 9" in str(raised.value)


@pytest.mark.parametrize("value", ["5N3ZA0NE1AN90808", "5N3ZA0NE1AN9080844", "5N3ZAONE1AN908084"])
def test_wrong_length_or_letters_are_not_a_vin(value: str) -> None:
    with pytest.raises(VinError) as raised:
        check(value)
    assert raised.value.code == "invalid_vin"


def test_a_vin_outside_the_tables_is_unknown_not_a_crash() -> None:
    with pytest.raises(UnknownVinError) as raised:
        decode("11111111111111111")  # a valid check digit, no manufacturer
    assert raised.value.code == "unknown_vin"
