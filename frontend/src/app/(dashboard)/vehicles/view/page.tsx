import type { Metadata } from "next";

import { VehicleDetail } from "@/features/vehicles";

export const metadata: Metadata = { title: "Vehicle" };

export default function VehicleViewPage() {
  return <VehicleDetail />;
}
