/** The public face of this feature: other features and routes import only from here. */
export { ScenariosPage } from "./components/ScenariosPage";
