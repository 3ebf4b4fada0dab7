"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useUser } from "@/lib/auth/AuthProvider";
import { hasRole, MANAGERS } from "@/lib/auth/roles";
import {
  Badge,
  Button,
  Card,
  CardBody,
  CardHeader,
  FilterBar,
  PageHeader,
  QueryList,
  SearchFilter,
  SelectFilter,
  Table,
  Td,
  Th,
} from "@/ui";
import { CarIcon, UploadIcon } from "@/ui/icons";

import {
  formatMileage,
  formatPrice,
  useVehicles,
  VEHICLE_PAGE_SIZE,
  vehicleHref,
  vehicleKeys,
  vehicleName,
  type Vehicle,
  type VehicleStatus,
} from "../api";
import { VehicleForm } from "./VehicleForm";
import { VehicleImport } from "./VehicleImport";

const STATUS_OPTIONS: { value: VehicleStatus | ""; label: string }[] = [
  { value: "", label: "All vehicles" },
  { value: "in-stock", label: "In stock" },
  { value: "sold", label: "Sold" },
];

export const CONDITION_LABELS: Record<string, string> = {
  new: "New",
  used: "Used",
  certified: "Certified",
};

function VehicleTable({ vehicles }: { vehicles: Vehicle[] }) {
  return (
    <Table caption="Vehicles">
      <thead>
        <tr>
          <Th>Vehicle</Th>
          <Th>Stock # / VIN</Th>
          <Th className="text-right">Price</Th>
          <Th className="text-right">Mileage</Th>
          <Th>Photos</Th>
          <Th>Status</Th>
        </tr>
      </thead>
      <tbody>
        {vehicles.map((vehicle) => (
          <tr
            key={vehicle.id}
            data-testid="vehicle-row"
            className="hover:bg-zinc-50/70 dark:hover:bg-zinc-800/30"
          >
            <Td className="min-w-48">
              {/* A trim can run to a paragraph: two lines in the list, the whole name on hover
                  and on the car's own page. */}
              <Link
                href={vehicleHref(vehicle.id)}
                title={vehicleName(vehicle)}
                className="line-clamp-2 font-medium text-zinc-900 [overflow-wrap:anywhere] hover:underline dark:text-zinc-100"
              >
                {vehicleName(vehicle)}
              </Link>
              <span className="line-clamp-2 text-xs text-zinc-500 [overflow-wrap:anywhere] dark:text-zinc-400">
                {[vehicle.condition && CONDITION_LABELS[vehicle.condition], vehicle.exteriorColor]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
            </Td>
            <Td className="font-mono text-xs">
              {vehicle.stockNumber ?? "—"}
              <span className="block whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                {vehicle.vin ?? ""}
              </span>
            </Td>
            <Td className="whitespace-nowrap text-right tabular-nums">
              {formatPrice(vehicle.price)}
            </Td>
            <Td className="whitespace-nowrap text-right tabular-nums">
              {formatMileage(vehicle.mileage)}
            </Td>
            <Td className="tabular-nums">
              {vehicle.photos.reduce((sum, job) => sum + job.items.length, 0)}
            </Td>
            <Td>
              <Badge tone={vehicle.status === "sold" ? "neutral" : "success"}>
                {vehicle.status === "sold" ? "Sold" : "In stock"}
              </Badge>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The dealership's inventory: search, add a car (VIN decode), import a DMS export. */
export function VehiclesPage() {
  const user = useUser();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<VehicleStatus | "">("");
  const [offset, setOffset] = useState(0);
  const [panel, setPanel] = useState<"none" | "add" | "import">("none");
  const query = useVehicles({ q, offset, ...(status ? { status } : {}) });
  const filtered = Boolean(q.trim() || status);
  // A new search or filter starts again from the first page.
  const refilter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setOffset(0);
    };

  return (
    <>
      <PageHeader
        title="Vehicles"
        description="Your inventory: the facts every piece of copy is written from."
        actions={
          <>
            {/* Importing rewrites the inventory in bulk: managers and admins only. */}
            {hasRole(user.role, MANAGERS) && (
              <Button
                variant="secondary"
                onClick={() => setPanel(panel === "import" ? "none" : "import")}
              >
                <UploadIcon className="size-4" /> Import CSV
              </Button>
            )}
            <Button onClick={() => setPanel(panel === "add" ? "none" : "add")}>Add vehicle</Button>
          </>
        }
      />
      <div className="space-y-6">
        {panel === "add" && (
          <Card aria-labelledby="add-vehicle-title">
            <CardHeader titleId="add-vehicle-title" title="Add a vehicle" />
            <CardBody>
              <VehicleForm
                onCancel={() => setPanel("none")}
                onCreated={(vehicle) => {
                  queryClient.setQueryData(vehicleKeys.detail(vehicle.id), vehicle);
                  void queryClient.invalidateQueries({ queryKey: vehicleKeys.lists });
                  router.push(vehicleHref(vehicle.id));
                }}
              />
            </CardBody>
          </Card>
        )}
        {panel === "import" && (
          <Card aria-labelledby="import-title">
            <CardHeader titleId="import-title" title="Import an inventory export" />
            <CardBody>
              <VehicleImport onDone={() => setPanel("none")} />
            </CardBody>
          </Card>
        )}
        <Card aria-label="Inventory">
          <FilterBar>
            <SearchFilter
              id="vehicle-list-search"
              label="Search vehicles"
              placeholder="Make, model, year, VIN or stock #"
              value={q}
              onValue={refilter(setQ)}
              autoComplete="off"
            />
            <SelectFilter
              id="vehicle-status-filter"
              label="Status"
              value={status}
              onValue={refilter(setStatus)}
              options={STATUS_OPTIONS}
            />
          </FilterBar>
          <QueryList
            query={query}
            loadingLabel="Loading vehicles…"
            emptyIcon={<CarIcon className="size-5" />}
            empty={
              filtered
                ? { title: "No vehicles match", description: "Try other words or another status." }
                : {
                    title: "No vehicles yet",
                    description: "Add a car by its VIN or import your DMS's inventory export.",
                  }
            }
            pagination={{
              offset,
              limit: VEHICLE_PAGE_SIZE,
              onChange: setOffset,
              noun: "vehicle",
            }}
          >
            {(vehicles) => <VehicleTable vehicles={vehicles} />}
          </QueryList>
        </Card>
      </div>
    </>
  );
}
