import type { Metadata } from "next";

import { VehiclesPage } from "@/features/vehicles";

export const metadata: Metadata = { title: "Vehicles" };

export default function VehicleListPage() {
  return <VehiclesPage />;
}
