"""The demo lot and the built-in scenarios describe the same cars, so a demo never shows one car
at two prices, or one scenario's price on another car."""

from carsales.dealerships.provisioning import DEMO_VEHICLES
from carsales.training.scenarios.library import BUILTIN_SCENARIOS

SCENARIO_VEHICLES = [scenario.vehicle for scenario in BUILTIN_SCENARIOS.values()]


def _name(vehicle: dict[str, object]) -> str:
    return f"{vehicle['year']} {vehicle['make']} {vehicle['model']}"


def _price(vehicle: dict[str, object]) -> str:
    cents = vehicle["price_cents"]
    assert isinstance(cents, int)
    return f"${cents // 100:,}"


def test_each_demo_car_is_a_scenario_car_at_the_scenario_price() -> None:
    for vehicle in DEMO_VEHICLES:
        lines = [line for line in SCENARIO_VEHICLES if _name(vehicle) in line]
        assert lines, f"no built-in scenario practises on the demo's {_name(vehicle)}"
        assert all(_price(vehicle) in line for line in lines), (_price(vehicle), lines)


def test_no_scenario_quotes_a_demo_price_for_another_car() -> None:
    for vehicle in DEMO_VEHICLES:
        for line in SCENARIO_VEHICLES:
            if _price(vehicle) in line:
                assert _name(vehicle) in line, (_name(vehicle), line)
