"use client";

import Link from "next/link";
import { useState } from "react";

import {
  formatMileage,
  formatPrice,
  useVehicles,
  vehicleName,
  type Vehicle,
} from "@/features/vehicles";
import { Alert, cx, ListLoading, SearchFilter } from "@/ui";
import { CarIcon, CheckIcon, CloseIcon } from "@/ui/icons";

const PICKER_PAGE = 8;

/** Chooses one or several cars from the inventory (in stock only), searching as you type. */
export function VehiclePicker({
  selected,
  onChange,
}: {
  selected: Vehicle[];
  onChange: (vehicles: Vehicle[]) => void;
}) {
  const [q, setQ] = useState("");
  const query = useVehicles({ q, status: "in-stock", limit: PICKER_PAGE });
  const chosen = new Set(selected.map((vehicle) => vehicle.id));
  const toggle = (vehicle: Vehicle) =>
    onChange(
      chosen.has(vehicle.id)
        ? selected.filter((each) => each.id !== vehicle.id)
        : [...selected, vehicle],
    );

  return (
    <div className="space-y-3">
      <SearchFilter
        id="vehicle-search"
        label="Search the inventory"
        placeholder="Make, model, year, VIN or stock #"
        value={q}
        onValue={setQ}
        wrapperClassName="w-full"
        autoComplete="off"
      />
      {selected.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label="Chosen vehicles">
          {selected.map((vehicle) => (
            <li
              key={vehicle.id}
              className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-1 pl-3 pr-1 text-xs font-medium text-brand-800 ring-1 ring-brand-200 dark:bg-brand-950/60 dark:text-brand-200 dark:ring-brand-800"
            >
              {vehicleName(vehicle)}
              <button
                type="button"
                className="rounded-full p-0.5 hover:bg-brand-100 dark:hover:bg-brand-900"
                aria-label={`Remove ${vehicleName(vehicle)}`}
                onClick={() => toggle(vehicle)}
              >
                <CloseIcon className="size-3.5" />
              </button>
            </li>
          ))}
        </ul>
      )}
      {query.isPending ? (
        <ListLoading label="Loading the inventory…" />
      ) : query.isError ? (
        <Alert tone="error">{query.error.message}</Alert>
      ) : query.data.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400 dark:border-zinc-700">
          {q.trim() ? "No vehicle in stock matches." : "No vehicles in stock yet. "}
          {!q.trim() && (
            <Link
              href="/vehicles/"
              className="font-medium text-brand-700 hover:underline dark:text-brand-300"
            >
              Add your inventory
            </Link>
          )}
        </p>
      ) : (
        <ul
          className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
          aria-label="Inventory"
        >
          {query.data.items.map((vehicle) => {
            const on = chosen.has(vehicle.id);
            return (
              <li key={vehicle.id}>
                <label
                  className={cx(
                    "flex cursor-pointer items-center gap-3 px-3 py-2.5 text-sm transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/40",
                    on && "bg-brand-50/60 dark:bg-brand-950/30",
                  )}
                >
                  <input
                    type="checkbox"
                    className="sr-only"
                    checked={on}
                    onChange={() => toggle(vehicle)}
                    aria-label={vehicleName(vehicle)}
                  />
                  <span
                    aria-hidden="true"
                    className={cx(
                      "flex size-5 shrink-0 items-center justify-center rounded border",
                      on
                        ? "border-brand-600 bg-brand-600 text-white"
                        : "border-zinc-300 dark:border-zinc-600",
                    )}
                  >
                    {on && <CheckIcon className="size-3.5" />}
                  </span>
                  <CarIcon className="size-4 shrink-0 text-zinc-400" />
                  <span className="min-w-0 flex-1">
                    <span
                      title={vehicleName(vehicle)}
                      className="block truncate font-medium text-zinc-900 dark:text-zinc-100"
                    >
                      {vehicleName(vehicle)}
                    </span>
                    {/* The colour may give way to the mileage, a fact the copy is written from. */}
                    <span className="flex gap-1 whitespace-nowrap text-xs text-zinc-500 dark:text-zinc-400">
                      <span className="truncate">
                        {[vehicle.stockNumber, vehicle.exteriorColor].filter(Boolean).join(" · ")}
                      </span>
                      {vehicle.mileage != null && (
                        <span className="shrink-0">
                          {vehicle.stockNumber || vehicle.exteriorColor ? "· " : ""}
                          {formatMileage(vehicle.mileage)}
                        </span>
                      )}
                    </span>
                  </span>
                  <span className="shrink-0 text-sm font-medium tabular-nums text-zinc-900 dark:text-zinc-100">
                    {formatPrice(vehicle.price)}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {query.data && query.data.total > query.data.items.length && (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Showing {query.data.items.length} of {query.data.total}: search to narrow down.
        </p>
      )}
    </div>
  );
}
