/** The public face of this feature: other features and routes import only from here. */
export {
  formatMileage,
  formatPrice,
  type Vehicle,
  useVehicle,
  useVehicles,
  vehicleHref,
  vehicleName,
} from "./api";
export { VehicleDetail } from "./components/VehicleDetail";
export { VehiclesPage } from "./components/VehiclesPage";
