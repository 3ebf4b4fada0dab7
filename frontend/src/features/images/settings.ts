// What a salesperson picks for a photo set, its defaults, the checks made before uploading, and
// how it travels in the multipart body of POST /api/v1/jobs (see ImageJobSettings on the server).
import type { ImageJobSettings, JobType } from "@/lib/api/types";

export type Quality = ImageJobSettings["quality"];
export type OutputFormat = ImageJobSettings["format"];
export type SizePreset = ImageJobSettings["size"];
export type PlateMask = ImageJobSettings["plates"];
export type BackgroundChoice = "transparent" | "white" | "studio" | "colour" | "image";

export interface JobForm {
  jobType: JobType;
  quality: Quality;
  format: OutputFormat;
  background: BackgroundChoice;
  /** The custom colour as typed, #RRGGBB; used when `background` is "colour". */
  colour: string;
  /** The dealer's own backdrop photo; sent when `background` is "image". */
  backdrop: File | null;
  enhance: boolean;
  size: SizePreset;
  /** How licence plates are covered, unless a photo says otherwise. */
  plates: PlateMask;
  vehicleRef: string;
}

export const DEFAULT_FORM: JobForm = {
  jobType: "full_pipeline",
  quality: "medium",
  format: "png",
  background: "studio",
  colour: "#1f2937",
  backdrop: null,
  enhance: true,
  size: "4:3-1600",
  plates: "none",
  vehicleRef: "",
};

export const JOB_TYPES: { value: JobType; label: string; description: string }[] = [
  {
    value: "full_pipeline",
    label: "Full pipeline",
    description: "Cut out, enhance, frame and place on the background",
  },
  {
    value: "background_removal",
    label: "Background removal",
    description: "Cut out and frame, no enhancement",
  },
  {
    value: "image_enhancement",
    label: "Enhancement only",
    description: "Keep the scene; fix colour, exposure and sharpness",
  },
];

export const JOB_TYPE_LABELS = Object.fromEntries(
  JOB_TYPES.map((type) => [type.value, type.label]),
) as Record<JobType, string>;

export const QUALITIES: { value: Quality; label: string }[] = [
  { value: "low", label: "Low (fastest)" },
  { value: "medium", label: "Medium" },
  { value: "high", label: "High (slowest)" },
];

export const FORMATS: { value: OutputFormat; label: string }[] = [
  { value: "png", label: "PNG" },
  { value: "webp", label: "WebP" },
  { value: "jpeg", label: "JPEG" },
];

export const SIZES: { value: SizePreset; label: string }[] = [
  { value: "4:3-1600", label: "1600 × 1200 (4:3)" },
  { value: "4:3-800", label: "800 × 600 (4:3)" },
  { value: "square-1080", label: "1080 × 1080 (square)" },
  { value: "original", label: "Original size" },
];

export const PLATE_MASKS: { value: PlateMask; label: string }[] = [
  { value: "none", label: "Leave as they are" },
  { value: "blur", label: "Blur" },
  { value: "solid", label: "Solid grey plate" },
  { value: "logo", label: "Dealership's logo plate" },
];

export const BACKGROUNDS: { value: BackgroundChoice; label: string }[] = [
  { value: "studio", label: "Studio" },
  { value: "white", label: "White" },
  { value: "transparent", label: "Transparent" },
  { value: "colour", label: "Colour" },
  { value: "image", label: "Custom image" },
];

/** The server's name for a background drawn from the backdrop image sent with the job. */
export const CUSTOM_IMAGE_BACKGROUND = "custom";

/** Whether the type cuts the car out (and so uses background and framing). */
export function cutsOut(jobType: JobType): boolean {
  return jobType !== "image_enhancement";
}

/** Enhancement is part of the full pipeline and the enhancement job, never of plain removal. */
export function enhances(form: Pick<JobForm, "jobType" | "enhance">): boolean {
  if (form.jobType === "background_removal") return false;
  if (form.jobType === "image_enhancement") return true;
  return form.enhance;
}

const HEX_COLOUR = /^#[0-9a-f]{6}$/i;
// The server's rule: letters, digits and dashes, at most 40, case-insensitive.
const VEHICLE_REF = /^[A-Za-z0-9-]+$/;
export const VEHICLE_REF_MAX = 40;

export function validateColour(value: string): string | null {
  if (!value.trim()) return "Enter a colour as #RRGGBB.";
  return HEX_COLOUR.test(value.trim())
    ? null
    : "Use a hex colour like #1F2937 (# and six digits 0-9 or A-F).";
}

const BACKDROP_TYPES = new Set(["image/jpeg", "image/pjpeg", "image/png", "image/webp"]);
const BACKDROP_EXTENSIONS = /\.(jpe?g|png|webp)$/i;
export const BACKDROP_ACCEPT = "image/jpeg,image/png,image/webp";

/** A quick check of the chosen backdrop; the server decodes it and has the last word. */
export function validateBackdrop(file: File | null): string | null {
  if (!file) return "Choose a backdrop image.";
  if (file.size === 0) return "This file is empty.";
  if (BACKDROP_TYPES.has(file.type.toLowerCase()) || BACKDROP_EXTENSIONS.test(file.name))
    return null;
  return "Choose a JPEG, PNG or WebP image for the backdrop.";
}

export function validateVehicleRef(value: string): string | null {
  const ref = value.trim();
  if (!ref) return null;
  if (ref.length > VEHICLE_REF_MAX)
    return `A VIN or stock number has at most ${VEHICLE_REF_MAX} characters.`;
  if (!VEHICLE_REF.test(ref)) return "Use only letters, digits and dashes (no spaces).";
  return null;
}

/** The background value the server expects: a name, the colour as #rrggbb, or "custom" for
 * the backdrop image. */
export function backgroundValue(form: Pick<JobForm, "background" | "colour">): string {
  if (form.background === "colour") return form.colour.trim().toLowerCase();
  if (form.background === "image") return CUSTOM_IMAGE_BACKGROUND;
  return form.background;
}

/** Whether the job is sent with the backdrop image (only a cut-out is drawn on a background). */
export function sendsBackdrop(form: Pick<JobForm, "jobType" | "background">): boolean {
  return cutsOut(form.jobType) && form.background === "image";
}

/** A warning (not an error): the server accepts the combination but does something else. */
export function formatNote(form: Pick<JobForm, "jobType" | "background" | "format">) {
  if (cutsOut(form.jobType) && form.background === "transparent" && form.format === "jpeg")
    return "JPEG has no transparency: these photos will get a white background.";
  return null;
}

/** A photo's own choice for its plates, by its place in the upload; null follows the job. */
export type PlatesPerPhoto = readonly (PlateMask | null)[];

/** The `settings` form field, as JSON: the server's ImageJobSettings (generated). */
export function settingsJson(form: JobForm, perPhoto: PlatesPerPhoto = []): ImageJobSettings {
  const platesPerPhoto: Record<string, PlateMask> = {};
  perPhoto.forEach((plates, position) => {
    if (plates !== null && plates !== form.plates) platesPerPhoto[String(position)] = plates;
  });
  return {
    quality: form.quality,
    format: form.format,
    // Enhancement only keeps the photo's own background: send a plain one, not a half-typed
    // colour or a backdrop that is not sent.
    background: cutsOut(form.jobType) ? backgroundValue(form) : "transparent",
    enhance: enhances(form),
    size: form.size,
    plates: form.plates,
    platesPerPhoto,
  };
}

/**
 * The multipart body of POST /api/v1/jobs: the fields first, the backdrop image when the
 * background uses it, then one `files` part per photo.
 */
export function jobFormData(
  form: JobForm,
  files: readonly File[],
  perPhoto: PlatesPerPhoto = [],
): FormData {
  const body = new FormData();
  body.append("jobType", form.jobType);
  body.append("settings", JSON.stringify(settingsJson(form, perPhoto)));
  const ref = form.vehicleRef.trim().toUpperCase();
  if (ref) body.append("vehicleRef", ref);
  if (sendsBackdrop(form) && form.backdrop)
    body.append("backdrop", form.backdrop, form.backdrop.name);
  for (const file of files) body.append("files", file, file.name);
  return body;
}

const PHOTO_EXTENSIONS = /\.(jpe?g|png|webp|heic|heif)$/i;
const PHOTO_TYPES = new Set([
  "image/jpeg",
  "image/pjpeg",
  "image/png",
  "image/webp",
  "image/heic",
  "image/heif",
  "image/heic-sequence",
  "image/heif-sequence",
]);
export const ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif";
export const MAX_FILES = 100;

/**
 * A quick check of a chosen file by its type and name; the server judges the bytes. Files with
 * no type (some phones' HEIC) pass when their name looks like a photo.
 */
export function photoProblem(file: File): string | null {
  if (file.size === 0) return "This file is empty.";
  if (PHOTO_TYPES.has(file.type.toLowerCase()) || PHOTO_EXTENSIONS.test(file.name)) return null;
  return "Not a photo: choose JPEG, PNG, WebP or HEIC files.";
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
