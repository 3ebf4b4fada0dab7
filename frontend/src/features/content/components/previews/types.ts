import type { Channel, Scene } from "../../api";

/** What a preview draws: the copy being edited (not yet saved) and what frames it. */
export interface PreviewCopy {
  channel: Channel;
  title: string;
  text: string;
  subject?: string | null;
  preheader?: string | null;
  html?: string | null;
  scenes?: Scene[];
  /** The vehicle's processed photo, when it has one. */
  photoUrl?: string | null;
  dealerName?: string | null;
}
