import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { makeVehicle } from "@/test/content";
import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { formatPrice } from "../api";
import { bodyOf, EMPTY_VALUES, NAME_MAX_LENGTH, VehicleForm } from "./VehicleForm";

const VIN = "5TDZZRFH8MS123456";
const decoded = {
  vin: VIN,
  year: 2021,
  make: "Toyota",
  model: "Highlander",
  trim: "XLE",
  bodyStyle: "SUV",
  drivetrain: "AWD",
  fuelType: "Gasoline",
  manufacturer: "Toyota Motor Manufacturing",
};

describe("VehicleForm", () => {
  it("fills the blank fields from the VIN, keeps what was typed, and sends numbers", async () => {
    const net = mockFetch([
      { method: "GET", path: `/api/v1/vehicles/decode/${VIN}`, reply: { body: decoded } },
      {
        method: "POST",
        path: "/api/v1/vehicles",
        reply: (call) => ({ status: 201, body: makeVehicle(call.body as object) }),
      },
    ]);
    const onCreated = vi.fn();
    const { user } = renderWithProviders(<VehicleForm onCreated={onCreated} onCancel={vi.fn()} />, {
      user: makeUser(),
    });
    await user.type(screen.getByLabelText("Trim"), "Limited");
    await user.type(screen.getByLabelText("VIN"), VIN.toLowerCase());
    expect(await screen.findByText("Decoded: 2021 Toyota Highlander XLE")).toBeInTheDocument();
    expect(screen.getByLabelText("Make")).toHaveValue("Toyota");
    expect(screen.getByLabelText("Year")).toHaveValue("2021");
    expect(screen.getByLabelText("Trim")).toHaveValue("Limited");
    expect(net.callsTo("GET", `/api/v1/vehicles/decode/${VIN}`)).toHaveLength(1);

    await user.type(screen.getByLabelText("Price ($)"), "$38,500");
    await user.type(screen.getByLabelText("Features"), "Third-row seating, Apple CarPlay");
    await user.click(screen.getByRole("button", { name: "Add vehicle" }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(net.callsTo("POST", "/api/v1/vehicles")[0]!.body).toEqual({
      vin: VIN,
      year: 2021,
      make: "Toyota",
      model: "Highlander",
      trim: "Limited",
      bodyStyle: "SUV",
      drivetrain: "AWD",
      fuelType: "Gasoline",
      price: 38500,
      features: ["Third-row seating", "Apple CarPlay"],
    });
  });

  it("says why a VIN does not decode", async () => {
    const bad = "1HGCM82633A00435X";
    mockFetch([
      {
        method: "GET",
        path: `/api/v1/vehicles/decode/${bad}`,
        reply: problem(400, "invalid_vin", "The VIN's check digit does not match."),
      },
    ]);
    const { user } = renderWithProviders(<VehicleForm onCreated={vi.fn()} onCancel={vi.fn()} />, {
      user: makeUser(),
    });
    await user.type(screen.getByLabelText("VIN"), bad);
    expect(await screen.findByText("The VIN's check digit does not match.")).toBeInTheDocument();
    expect(screen.getByLabelText("Make")).toHaveValue("");
  });

  it("says what is wrong with a number, with the server's range, before sending", async () => {
    const net = mockFetch([]);
    const { user } = renderWithProviders(<VehicleForm onCreated={vi.fn()} onCancel={vi.fn()} />, {
      user: makeUser(),
    });
    await user.type(screen.getByLabelText("Price ($)"), "-5");
    await user.type(screen.getByLabelText("Year"), "3025");
    await user.type(screen.getByLabelText("Mileage"), "12.5");
    await user.click(screen.getByRole("button", { name: "Add vehicle" }));
    expect(screen.getByLabelText("Price ($)")).toHaveAccessibleDescription(
      "The price must not be negative.",
    );
    expect(screen.getByLabelText("Year")).toHaveAccessibleDescription(
      "The year must be from 1900 to 2100.",
    );
    expect(screen.getByLabelText("Mileage")).toHaveAccessibleDescription(
      "The mileage is a whole number.",
    );
    expect(screen.queryByText("Enter a number.")).not.toBeInTheDocument();
    expect(net.callsTo("POST", "/api/v1/vehicles")).toHaveLength(0);
  });

  it("keeps a price's cents, refuses fractions of a cent, and limits model and trim", () => {
    expect(bodyOf({ ...EMPTY_VALUES, price: "1,234,567.89" }).body.price).toBe(1234567.89);
    expect(bodyOf({ ...EMPTY_VALUES, price: "12.345" }).errors.price).toBe(
      "Enter dollars and cents, with at most two decimal places.",
    );
    expect(bodyOf({ ...EMPTY_VALUES, model: "M".repeat(NAME_MAX_LENGTH + 1) }).errors.model).toBe(
      `Use at most ${NAME_MAX_LENGTH} characters.`,
    );
  });

  it("caps the model and trim fields at the server's length", () => {
    mockFetch([]);
    renderWithProviders(<VehicleForm onCreated={vi.fn()} onCancel={vi.fn()} />, {
      user: makeUser(),
    });
    expect(screen.getByLabelText("Model")).toHaveAttribute("maxLength", String(NAME_MAX_LENGTH));
    expect(screen.getByLabelText("Trim")).toHaveAttribute("maxLength", String(NAME_MAX_LENGTH));
  });
});

describe("formatPrice", () => {
  it("shows cents only when a price has them", () => {
    expect(formatPrice(38500)).toBe("$38,500");
    expect(formatPrice(1234567.89)).toBe("$1,234,567.89");
  });
});
