import type { Metadata } from "next";

import { VehicleDetail } from "@/components/vehicles/VehicleDetail";

export const metadata: Metadata = { title: "Vehicle" };

export default function VehicleViewPage() {
  return <VehicleDetail />;
}
