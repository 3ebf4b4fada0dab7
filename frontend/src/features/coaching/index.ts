/** The public face of this feature: other features and routes import only from here. */
export { AssignmentsPage } from "./components/AssignmentsPage";
export { CertificationsPage } from "./components/CertificationsPage";
