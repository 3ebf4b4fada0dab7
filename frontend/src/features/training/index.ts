/** The public face of this feature: other features and routes import only from here. */
export { trainingKeys } from "./api";
export { TrainingHistory } from "./components/TrainingHistory";
export { TrainingHome } from "./components/TrainingHome";
export { SessionReport } from "./report/SessionReport";
