"use client";

import { useRef, useState } from "react";

import { errorMessage } from "@/lib/api/call";
import { useSubmit } from "@/lib/useSubmit";
import { Alert, Button, SelectField, TextField } from "@/ui";

import { vehicleCalls, type Vehicle, type VehicleCreate, type VinDecode } from "../api";

type TextKey =
  | "vin"
  | "stockNumber"
  | "year"
  | "make"
  | "model"
  | "trim"
  | "bodyStyle"
  | "mileage"
  | "price"
  | "exteriorColor"
  | "interiorColor"
  | "drivetrain"
  | "transmission"
  | "fuelType"
  | "mpgCity"
  | "mpgHighway"
  | "features"
  | "notes";

type Values = Record<TextKey, string> & { condition: "" | "new" | "used" | "certified" };

export const EMPTY_VALUES: Values = {
  vin: "",
  stockNumber: "",
  condition: "",
  year: "",
  make: "",
  model: "",
  trim: "",
  bodyStyle: "",
  mileage: "",
  price: "",
  exteriorColor: "",
  interiorColor: "",
  drivetrain: "",
  transmission: "",
  fuelType: "",
  mpgCity: "",
  mpgHighway: "",
  features: "",
  notes: "",
};

/** The decoded fields the form can take over. */
const DECODED: (keyof VinDecode & TextKey)[] = [
  "year",
  "make",
  "model",
  "trim",
  "bodyStyle",
  "drivetrain",
  "fuelType",
];
type NumberKey = "year" | "mileage" | "price" | "mpgCity" | "mpgHighway";

/** The server's ranges (vehicles/schemas.py and facts.py), with the words to refuse a value. */
const NUMBERS: Record<NumberKey, { name: string; min: number; max: number }> = {
  year: { name: "The year", min: 1900, max: 2100 },
  mileage: { name: "The mileage", min: 0, max: 2_000_000 },
  price: { name: "The price", min: 0, max: 10_000_000 },
  mpgCity: { name: "City mpg", min: 0, max: 999 },
  mpgHighway: { name: "Highway mpg", min: 0, max: 999 },
};
const isNumberKey = (key: string): key is NumberKey => key in NUMBERS;
const VIN_LENGTH = 17;
/** The server's limit on a model or trim name (NAME_MAX_LENGTH in vehicles/schemas.py). */
export const NAME_MAX_LENGTH = 60;
const whole = new Intl.NumberFormat("en-US");

function numberError(key: NumberKey, value: string): string | null {
  const number = Number(value.replace(/[$,\s]/g, ""));
  const { name, min, max } = NUMBERS[key];
  if (!Number.isFinite(number)) return "Enter a number.";
  if (number < 0) return `${name} must not be negative.`;
  // A year reads without a thousands separator.
  const show = (bound: number) => (key === "year" ? String(bound) : whole.format(bound));
  if (number < min || number > max) return `${name} must be from ${show(min)} to ${show(max)}.`;
  // Prices are kept to the cent; the other fields are whole numbers.
  if (key === "price" && !/^-?[\d,\s$]*(\.\d{0,2})?$/.test(value))
    return "Enter dollars and cents, with at most two decimal places.";
  if (key !== "price" && !Number.isInteger(number)) return `${name} is a whole number.`;
  return null;
}

/** The body to send: blank fields left out, numbers as numbers, features one per comma. */
export function bodyOf(values: Values): {
  body: VehicleCreate;
  errors: Partial<Record<TextKey, string>>;
} {
  const body: Record<string, unknown> = {};
  const errors: Partial<Record<TextKey, string>> = {};
  for (const [key, raw] of Object.entries(values) as [keyof Values, string][]) {
    const value = raw.trim();
    if (!value) continue;
    if (key === "features") {
      body.features = value
        .split(/[,\n]/)
        .map((feature) => feature.trim())
        .filter(Boolean);
    } else if (isNumberKey(key)) {
      const problem = numberError(key, value);
      if (problem) errors[key] = problem;
      else body[key] = Number(value.replace(/[$,\s]/g, ""));
    } else if ((key === "model" || key === "trim") && value.length > NAME_MAX_LENGTH) {
      errors[key] = `Use at most ${NAME_MAX_LENGTH} characters.`;
    } else {
      // VINs and stock numbers are upper case, like an image job's vehicleRef.
      body[key] = key === "vin" || key === "stockNumber" ? value.toUpperCase() : value;
    }
  }
  if (values.vin.trim() && values.vin.trim().length !== VIN_LENGTH)
    errors.vin = "A VIN has 17 characters.";
  return { body: body as VehicleCreate, errors };
}

/**
 * Adds a vehicle. A full VIN is decoded on the server (offline vPIC tables) and fills year, make,
 * model, trim and body; what the user typed is never overwritten.
 */
export function VehicleForm({
  onCreated,
  onCancel,
}: {
  onCreated: (vehicle: Vehicle) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Values>(EMPTY_VALUES);
  const typed = useRef(new Set<TextKey>());
  const [decode, setDecode] = useState<{ state: "idle" | "busy" | "ok" | "error"; text?: string }>({
    state: "idle",
  });
  const [errors, setErrors] = useState<Partial<Record<TextKey, string>>>({});
  const { pending, error, submit } = useSubmit();
  const lastDecoded = useRef("");

  const set = (key: TextKey, value: string) => {
    typed.current.add(key);
    setValues((current) => ({ ...current, [key]: value }));
  };

  const decodeVin = async (vin: string) => {
    const clean = vin.trim().toUpperCase();
    if (clean.length !== VIN_LENGTH || clean === lastDecoded.current) return;
    lastDecoded.current = clean;
    setDecode({ state: "busy" });
    try {
      const decoded = await vehicleCalls.decode(clean);
      setValues((current) => {
        const next = { ...current };
        for (const key of DECODED) {
          const value = decoded[key];
          // Typed fields win: only blank, untouched fields take the decoded value.
          if (value !== null && value !== undefined && !typed.current.has(key) && !current[key])
            next[key] = String(value);
        }
        return next;
      });
      const name = [decoded.year, decoded.make, decoded.model, decoded.trim]
        .filter(Boolean)
        .join(" ");
      setDecode({
        state: "ok",
        text: name ? `Decoded: ${name}` : "Decoded, but the VIN names no model.",
      });
    } catch (failure) {
      setDecode({ state: "error", text: errorMessage(failure) });
    }
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const { body, errors: found } = bodyOf(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await submit(() => vehicleCalls.create(body));
    if (result.ok) onCreated(result.data);
  };

  const text = (
    key: TextKey,
    label: string,
    extra: Partial<React.ComponentProps<typeof TextField>> = {},
  ) => (
    <TextField
      label={label}
      value={values[key]}
      error={errors[key]}
      onChange={(event) => set(key, event.target.value)}
      {...extra}
    />
  );

  return (
    <form onSubmit={save} aria-label="Add vehicle" className="space-y-5" noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label="VIN"
          value={values.vin}
          error={errors.vin ?? (decode.state === "error" ? decode.text : null)}
          hint={
            decode.state === "busy"
              ? "Decoding…"
              : decode.state === "ok"
                ? decode.text
                : "17 characters: year, make and model fill in."
          }
          maxLength={VIN_LENGTH}
          autoComplete="off"
          spellCheck={false}
          className="font-mono uppercase"
          onChange={(event) => {
            set("vin", event.target.value);
            void decodeVin(event.target.value);
          }}
          onBlur={(event) => void decodeVin(event.target.value)}
        />
        {text("stockNumber", "Stock number", {
          className: "font-mono uppercase",
          autoComplete: "off",
        })}
        <SelectField
          label="Condition"
          value={values.condition}
          onChange={(event) =>
            setValues({ ...values, condition: event.target.value as Values["condition"] })
          }
        >
          <option value="">—</option>
          <option value="new">New</option>
          <option value="used">Used</option>
          <option value="certified">Certified pre-owned</option>
        </SelectField>
      </div>
      <div className="grid gap-4 sm:grid-cols-4">
        {text("year", "Year", { inputMode: "numeric" })}
        {text("make", "Make")}
        {text("model", "Model", { maxLength: NAME_MAX_LENGTH })}
        {text("trim", "Trim", { maxLength: NAME_MAX_LENGTH })}
        {text("bodyStyle", "Body style")}
        {text("price", "Price ($)", { inputMode: "decimal" })}
        {text("mileage", "Mileage", { inputMode: "numeric" })}
        {text("exteriorColor", "Exterior colour")}
        {text("interiorColor", "Interior colour")}
        {text("drivetrain", "Drivetrain")}
        {text("transmission", "Transmission")}
        {text("fuelType", "Fuel")}
        {text("mpgCity", "City mpg", { inputMode: "numeric" })}
        {text("mpgHighway", "Highway mpg", { inputMode: "numeric" })}
      </div>
      {text("features", "Features", {
        hint: "Separated by commas, e.g. Third-row seating, Apple CarPlay",
      })}
      {error && <Alert tone="error">{error}</Alert>}
      <div className="flex gap-2">
        <Button type="submit" loading={pending}>
          Add vehicle
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
