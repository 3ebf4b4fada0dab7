import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { makeVehicle } from "@/test/content";
import { mockFetch, problem } from "@/test/fetchMock";
import { makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { VehicleForm } from "./VehicleForm";

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
});
