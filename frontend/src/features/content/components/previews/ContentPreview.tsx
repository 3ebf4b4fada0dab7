import { EmailPreview } from "./EmailPreview";
import { PrintPreview } from "./PrintPreview";
import { SmsPreview } from "./SmsPreview";
import { SocialPreview } from "./SocialPreview";
import type { PreviewCopy } from "./types";
import { VideoPreview } from "./VideoPreview";

/** The copy as its audience will see it, in the channel's own frame. */
export function ContentPreview({ copy }: { copy: PreviewCopy }) {
  switch (copy.channel) {
    case "email":
      return <EmailPreview copy={copy} />;
    case "sms":
      return <SmsPreview text={copy.text} sender={copy.dealerName} />;
    case "print":
      return <PrintPreview copy={copy} />;
    case "video":
      return <VideoPreview scenes={copy.scenes ?? []} text={copy.text} />;
    default:
      return <SocialPreview copy={copy} />;
  }
}
