"""Reading inventory exports: header synonyms, delimiters, encodings, cell conversions and the
line numbers of row problems."""

import pytest

from carsales.vehicles.csv_import import (
    TooManyRows,
    UnreadableCsv,
    map_headers,
    parse,
    parse_number,
    split_features,
)


def test_headers_map_case_insensitively_through_synonyms() -> None:
    headers = [
        "Stock #", "VIN", "Model Year", "MAKE", "model", "Series", "Odometer", "Internet Price",
        "MSRP", "Ext. Color", "Int Color", "Body Style", "Drive", "Trans", "Fuel", "City MPG",
        "Hwy MPG", "Options", "Type", "Status", "Dealer Code",
    ]  # fmt: skip
    mapping = dict(map_headers(headers))
    assert mapping == {
        "Stock #": "stock_number",
        "VIN": "vin",
        "Model Year": "year",
        "MAKE": "make",
        "model": "model",
        "Series": "trim",
        "Odometer": "mileage",
        "Internet Price": "price",
        "MSRP": None,  # the internet price is the better price; one column per field
        "Ext. Color": "exterior_color",
        "Int Color": "interior_color",
        "Body Style": "body_style",
        "Drive": "drivetrain",
        "Trans": "transmission",
        "Fuel": "fuel_type",
        "City MPG": "mpg_city",
        "Hwy MPG": "mpg_highway",
        "Options": "features",
        "Type": "condition",
        "Status": "status",
        "Dealer Code": None,
    }
    assert dict(map_headers(["StockNo", "Miles", "MSRP", "Color"])) == {
        "StockNo": "stock_number",
        "Miles": "mileage",
        "MSRP": "price",  # the only price there is
        "Color": "exterior_color",
    }


def test_a_semicolon_export_with_a_bom_and_prices_with_separators() -> None:
    data = (
        "\ufeffStock Number;VIN;Year;Make;Model;Mileage;Selling Price;Features;Condition\r\n"
        "A100;5N3ZA0NE1AN908084;2010;Infiniti;QX56;"
        '"45,120 mi";$12,995.00;Sunroof|Seats, heated;U\r\n'
        "B200;;2024;Honda;Civic;12;21 500;Bluetooth;CPO\r\n"
    ).encode()
    parsed = parse(data)
    assert parsed.columns[0] == ("Stock Number", "stock_number")  # the BOM is not in the header
    assert parsed.unmapped == []
    assert parsed.problems == []
    first, second = parsed.rows
    assert first.line == 2
    assert first.values == {
        "stock_number": "A100",
        "vin": "5N3ZA0NE1AN908084",
        "year": 2010,
        "make": "Infiniti",
        "model": "QX56",
        "mileage": 45120,
        "price": 12995.0,
        "features": ["Sunroof", "Seats, heated"],
        "condition": "used",
    }
    assert second.values["price"] == 21500.0
    assert second.values["condition"] == "certified"
    assert "vin" not in second.values  # an empty cell is no value


def test_row_problems_carry_the_line_where_the_row_starts() -> None:
    data = (
        b"VIN,Make,Model,Year,Price,Type\n"
        b"\n"  # line 2: blank, skipped
        b'WAUFFGFF8F1068897,Audi,"S3\nPrestige",2015,"$30,000",N\n'  # lines 3-4
        b"1FTMW1SD8PF000001,Ford,F-150,23,call us,X\n"  # line 5
    )
    parsed = parse(data)
    assert [row.line for row in parsed.rows] == [3]
    assert parsed.rows[0].values["model"] == "S3\nPrestige"
    assert len(parsed.problems) == 1
    problem = parsed.problems[0]
    assert problem.line == 5
    assert "Year: '23' is not a four-digit year" in problem.message
    assert "Price: 'call us' is not a number" in problem.message
    assert "Type: 'X' is not new, used or certified" in problem.message


def test_windows_1252_and_tabs() -> None:
    data = "Stock\tMake\tModel\tExterior Colour\nC1\tCitroën\tC4\tGrís\n".encode("cp1252")
    parsed = parse(data)
    assert parsed.rows[0].values == {
        "stock_number": "C1",
        "make": "Citroën",
        "model": "C4",
        "exterior_color": "Grís",
    }


def test_a_file_that_is_no_inventory_is_refused_whole() -> None:
    with pytest.raises(UnreadableCsv, match="empty"):
        parse(b"\n\n")
    with pytest.raises(UnreadableCsv, match="No column looks like"):
        parse(b"name,email\nAda,ada@example.com\n")
    with pytest.raises(UnreadableCsv, match="binary"):
        parse(b"\x89PNG\r\n\x1a\n\x00\x00")


def test_the_row_limit() -> None:
    rows = "".join(f"S{index},Honda,Fit\n" for index in range(11))
    data = f"Stock,Make,Model\n{rows}".encode()
    assert len(parse(data, max_rows=11).rows) == 11
    with pytest.raises(TooManyRows, match="more than 10 rows"):
        parse(data, max_rows=10)


def test_numbers_and_feature_lists() -> None:
    assert parse_number("$ 1,299.99") == 1299.99
    assert parse_number("USD 20000") == 20000
    for bad in ("12.5.1", "-3", "free"):
        with pytest.raises(ValueError, match="not a number"):
            parse_number(bad)
    assert split_features("A; B ;;C") == ["A", "B", "C"]
    assert split_features("Navigation") == ["Navigation"]
