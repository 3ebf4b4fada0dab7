/** The public face of this feature: other features and routes import only from here. */
export { REVIEW_HREF, type ContentItem, type Finding, type Variant, useContentStats } from "./api";
export { ContentGenerator } from "./components/ContentGenerator";
export { ContentList } from "./components/ContentList";
export { ReviewQueue } from "./components/ReviewQueue";
export { channelLabel } from "./labels";
