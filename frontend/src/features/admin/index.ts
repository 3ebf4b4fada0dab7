/** The public face of this feature: other features and routes import only from here. */
export { AdminUsers } from "./components/AdminUsers";
export { AuditLog } from "./components/AuditLog";
export { DealershipSettings } from "./components/DealershipSettings";
export { UserList } from "./components/UserList";
