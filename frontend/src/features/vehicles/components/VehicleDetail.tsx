"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense } from "react";

import { ContentList } from "@/features/content";
import { useUser } from "@/lib/auth/AuthProvider";
import { hasRole, MANAGERS } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import {
  Badge,
  buttonClasses,
  Card,
  CardBody,
  CardHeader,
  ConfirmButton,
  EmptyState,
  ListError,
  ListLoading,
  PageHeader,
} from "@/ui";
import { ImageIcon } from "@/ui/icons";
import { useToast } from "@/ui/Toaster";

import {
  formatMileage,
  formatPrice,
  useDeleteVehicle,
  useVehicle,
  vehicleName,
  type Vehicle,
} from "../api";
import { CONDITION_LABELS } from "./VehiclesPage";

function Facts({ vehicle }: { vehicle: Vehicle }) {
  const mpg =
    vehicle.mpgCity || vehicle.mpgHighway
      ? `${vehicle.mpgCity ?? "—"} city / ${vehicle.mpgHighway ?? "—"} hwy`
      : null;
  const rows: [string, React.ReactNode][] = [
    ["VIN", vehicle.vin && <span className="font-mono">{vehicle.vin}</span>],
    [
      "Stock number",
      vehicle.stockNumber && <span className="font-mono">{vehicle.stockNumber}</span>,
    ],
    ["Condition", vehicle.condition && CONDITION_LABELS[vehicle.condition]],
    [
      "Price",
      vehicle.price !== null && vehicle.price !== undefined ? formatPrice(vehicle.price) : null,
    ],
    [
      "Mileage",
      vehicle.mileage !== null && vehicle.mileage !== undefined
        ? formatMileage(vehicle.mileage)
        : null,
    ],
    ["Body", vehicle.bodyStyle],
    ["Exterior", vehicle.exteriorColor],
    ["Interior", vehicle.interiorColor],
    ["Drivetrain", vehicle.drivetrain],
    ["Transmission", vehicle.transmission],
    ["Fuel", vehicle.fuelType],
    ["Fuel economy", mpg],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="text-sm text-zinc-900 dark:text-zinc-100">{value}</dd>
          </div>
        ))}
    </dl>
  );
}

function Photos({ vehicle }: { vehicle: Vehicle }) {
  const photos = vehicle.photos.flatMap((job) => job.items.map((item) => ({ ...item, job })));
  if (photos.length === 0) {
    return (
      <EmptyState
        icon={<ImageIcon className="size-5" />}
        title="No processed photos yet"
        action={
          <Link href="/images/" className={buttonClasses("secondary", "sm")}>
            Process photos
          </Link>
        }
      >
        Upload photos on the Images page with this car&apos;s VIN or stock number and they appear
        here.
      </EmptyState>
    );
  }
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4" aria-label="Photos">
      {photos.map((photo) => (
        <li
          key={photo.itemId}
          className="overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800"
        >
          {/* eslint-disable-next-line @next/next/no-img-element -- signed API links, not assets */}
          <img
            src={photo.url}
            alt={photo.name ?? vehicleName(vehicle)}
            className="aspect-[4/3] w-full bg-zinc-100 object-contain dark:bg-zinc-800"
          />
          <p className="truncate px-2 py-1.5 text-xs text-zinc-500 dark:text-zinc-400">
            {photo.name} · {formatDateTime(photo.job.createdAt)}
          </p>
        </li>
      ))}
    </ul>
  );
}

function DetailScreen() {
  const id = useSearchParams().get("id");
  const router = useRouter();
  const notify = useToast();
  const user = useUser();
  const query = useVehicle(id);
  const remove = useDeleteVehicle(() => {
    notify("The vehicle is removed from the inventory.");
    router.push("/vehicles/");
  });
  if (!id)
    return <ListError message="Not found: this link names no vehicle. Open one from the list." />;
  if (query.isPending) return <ListLoading label="Loading the vehicle…" />;
  if (query.isError)
    return (
      <ListError
        message={query.error.message}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  const vehicle = query.data;
  return (
    <>
      <PageHeader
        title={vehicleName(vehicle)}
        description={
          <>
            <Badge tone={vehicle.status === "sold" ? "neutral" : "success"}>
              {vehicle.status === "sold" ? "Sold" : "In stock"}
            </Badge>{" "}
            Added {formatDateTime(vehicle.createdAt)}
          </>
        }
        actions={
          <>
            <Link href="/vehicles/" className={buttonClasses("ghost", "sm")}>
              All vehicles
            </Link>
            {hasRole(user.role, MANAGERS) && (
              <ConfirmButton
                confirmLabel="Remove vehicle"
                loading={remove.isPending}
                onConfirm={() =>
                  remove.mutate(vehicle.id, { onError: (error) => notify(error.message, "error") })
                }
              >
                Remove
              </ConfirmButton>
            )}
            <Link
              href={`/content/?vehicle=${encodeURIComponent(vehicle.id)}`}
              className={buttonClasses("primary", "sm")}
            >
              Write copy
            </Link>
          </>
        }
      />
      <div className="space-y-6">
        <Card aria-labelledby="facts-title">
          <CardHeader
            titleId="facts-title"
            title="Facts"
            description="What copy about this car may say."
          />
          <CardBody className="space-y-4">
            <Facts vehicle={vehicle} />
            {vehicle.features.length > 0 && (
              <ul className="flex flex-wrap gap-1.5" aria-label="Features">
                {vehicle.features.map((feature) => (
                  <li key={feature}>
                    <Badge>{feature}</Badge>
                  </li>
                ))}
              </ul>
            )}
            {vehicle.notes && (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{vehicle.notes}</p>
            )}
          </CardBody>
        </Card>
        <Card aria-labelledby="photos-title">
          <CardHeader titleId="photos-title" title="Processed photos" />
          <CardBody>
            <Photos vehicle={vehicle} />
          </CardBody>
        </Card>
        <ContentList
          title="Content about this car"
          description="Drafts, items in review and everything published, newest first."
          base={{ vehicleId: vehicle.id }}
          emptyText="Nothing written about this car yet."
        />
      </div>
    </>
  );
}

/** One vehicle: its facts, its processed photos and the copy written about it. */
export function VehicleDetail() {
  return (
    <Suspense fallback={<ListLoading label="Loading…" />}>
      <DetailScreen />
    </Suspense>
  );
}
