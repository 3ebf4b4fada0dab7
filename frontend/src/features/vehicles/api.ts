"use client";

// The inventory API as the pages use it: calls, their types (taken from the generated client by
// endpoint, never copied by hand) and the React Query hooks and keys.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import type { Body } from "@/lib/api/types";
import { useDebounced } from "@/lib/useDebounced";

const path = (vehicleId: string) => ({ params: { path: { vehicle_id: vehicleId } } });

export interface VehicleQuery {
  q?: string;
  status?: VehicleStatus;
  offset?: number;
  limit?: number;
}

const fetchVehicles = (query: VehicleQuery) =>
  unwrap(api.GET("/api/v1/vehicles", { params: { query } }));
const fetchVehicle = (vehicleId: string) =>
  unwrap(api.GET("/api/v1/vehicles/{vehicle_id}", path(vehicleId)));
const decodeVin = (vin: string) =>
  unwrap(api.GET("/api/v1/vehicles/decode/{vin}", { params: { path: { vin } } }));

export type VehiclePage = Awaited<ReturnType<typeof fetchVehicles>>;
export type Vehicle = Awaited<ReturnType<typeof fetchVehicle>>;
export type VehicleStatus = Vehicle["status"];
export type VehicleCondition = NonNullable<Vehicle["condition"]>;
export type VehiclePhotoSet = Vehicle["photos"][number];
export type VinDecode = Awaited<ReturnType<typeof decodeVin>>;
export type VehicleCreate = Body<"/api/v1/vehicles", "post">;

export const VEHICLE_PAGE_SIZE = 20;

export const vehicleKeys = {
  all: ["vehicles"] as const,
  lists: ["vehicles", "list"] as const,
  list: (params: object) => ["vehicles", "list", params] as const,
  detail: (id: string) => ["vehicles", "detail", id] as const,
};

export function useVehicles(query: VehicleQuery, enabled = true) {
  const q = useDebounced(query.q?.trim() ?? "");
  const params: VehicleQuery = {
    offset: query.offset ?? 0,
    limit: query.limit ?? VEHICLE_PAGE_SIZE,
    ...(q ? { q } : {}),
    ...(query.status ? { status: query.status } : {}),
  };
  return useQuery({
    queryKey: vehicleKeys.list(params),
    queryFn: () => fetchVehicles(params),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useVehicle(vehicleId: string | null) {
  return useQuery({
    queryKey: vehicleKeys.detail(vehicleId ?? ""),
    queryFn: () => fetchVehicle(vehicleId!),
    enabled: Boolean(vehicleId),
  });
}

export const vehicleCalls = {
  decode: decodeVin,
  create: (body: VehicleCreate) => api.POST("/api/v1/vehicles", { body }),
  remove: (vehicleId: string) =>
    unwrap(api.DELETE("/api/v1/vehicles/{vehicle_id}", path(vehicleId))),
  /** The CSV goes up as multipart; `preview` answers the mapping and row errors, writing nothing. */
  importCsv: (file: File, preview: boolean) => {
    const form = new FormData();
    form.append("file", file);
    return api.POST("/api/v1/vehicles/import", {
      params: { query: { preview } },
      // openapi-fetch sends a FormData body as it is (multipart with its boundary).
      body: form as unknown as Body<"/api/v1/vehicles/import", "post">,
    });
  },
};

export function useDeleteVehicle(onDone?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: vehicleCalls.remove,
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: vehicleKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: vehicleKeys.lists });
      onDone?.();
    },
  });
}

/** "2021 Toyota RAV4 XLE", from whatever the vehicle has. */
export function vehicleName(vehicle: {
  year?: number | null;
  make?: string | null;
  model?: string | null;
  trim?: string | null;
}): string {
  const name = [vehicle.year, vehicle.make, vehicle.model, vehicle.trim]
    .filter((part) => part !== null && part !== undefined && part !== "")
    .join(" ");
  return name || "Unnamed vehicle";
}

const money = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 0,
});
// Prices are kept to the cent; a price with cents shows them rather than rounding them away.
const moneyWithCents = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const count = new Intl.NumberFormat("en-US");

export function formatPrice(price: number | null | undefined): string {
  if (price === null || price === undefined) return "—";
  return (Number.isInteger(price) ? money : moneyWithCents).format(price);
}

export function formatMileage(mileage: number | null | undefined): string {
  return mileage === null || mileage === undefined ? "—" : `${count.format(mileage)} mi`;
}

export const vehicleHref = (vehicleId: string) =>
  `/vehicles/view/?id=${encodeURIComponent(vehicleId)}`;
