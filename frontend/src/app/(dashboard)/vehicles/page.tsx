import type { Metadata } from "next";

import { VehiclesPage } from "@/components/vehicles/VehiclesPage";

export const metadata: Metadata = { title: "Vehicles" };

export default function VehicleListPage() {
  return <VehiclesPage />;
}
