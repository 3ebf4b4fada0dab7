import { ImageIcon, MicIcon, PenIcon } from "@/ui/icons";

// What each module will do, shared by the overview cards and the placeholder pages.
export const MODULES = {
  training: {
    title: "Training",
    href: "/training/",
    icon: <MicIcon className="size-5" />,
    description: "Practise pitches, objections and closes by voice, with live coaching.",
    plans: [
      "Practise a pitch, an objection or a close out loud",
      "Get live feedback on pace, filler words and volume",
      "Review a transcript with scores and time-stamped tips",
      "Share sessions with your manager for coaching",
    ],
  },
  content: {
    title: "Content",
    href: "/content/",
    icon: <PenIcon className="size-5" />,
    description: "Write social posts, e-mails, ads and video scripts about your vehicles.",
    plans: [
      "Draft posts, e-mails, print ads and video scripts",
      "Pick the platform, audience and tone",
      "Check every draft against ad-compliance rules",
      "Send drafts to a manager for approval",
    ],
  },
  images: {
    title: "Images",
    href: "/images/",
    icon: <ImageIcon className="size-5" />,
    description: "Turn lot photos into clean, marketplace-ready vehicle images.",
    plans: [
      "Remove backgrounds and place cars in a studio",
      "Enhance photos and mask licence plates",
      "Resize for each marketplace",
      "Follow progress live and download a zip",
    ],
  },
} as const;
