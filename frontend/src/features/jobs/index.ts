/** The public face of this feature: other features and routes import only from here. */
export { ProgressBar } from "./components/ProgressBar";
export { JOB_EVENTS, parseJobEvent, useJobEvents } from "./hooks/useJobEvents";
export {
  ITEM_STATUS,
  JOB_STATUSES,
  isRunning,
  jobBadge,
  jobBarTone,
  jobSummaryText,
} from "./jobStatus";
export { keepFreshLinks, linkExpiry } from "./links";
export { JOB_PAGE_SIZE, type JobFilters, useJob, useJobActions, useJobList } from "./api";
export { useSocketLive } from "./hooks/useSocketLive";
