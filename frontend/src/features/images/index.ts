/** The public face of this feature: other features and routes import only from here. */
export { ScriptExecutor } from "./components/ScriptExecutor";
