"use client";

import { useEffect, useId, useRef, useState } from "react";

import type { FieldErrors } from "@/lib/validation";
import { ChoiceGroup, CONTROL_CLASSES, cx, SelectField, TextField } from "@/ui";

import {
  BACKDROP_ACCEPT,
  BACKGROUNDS,
  cutsOut,
  enhances,
  formatBytes,
  FORMATS,
  formatNote,
  JOB_TYPES,
  QUALITIES,
  SIZES,
  type BackgroundChoice,
  type JobForm,
  type OutputFormat,
  type Quality,
  type PlateMask,
  PLATE_MASKS,
  type SizePreset,
} from "../settings";

export type JobFormErrors = FieldErrors<"colour" | "backdrop" | "vehicleRef">;

const SWATCHES: Record<Exclude<BackgroundChoice, "colour" | "image">, string> = {
  studio: "linear-gradient(180deg, #f4f4f5 0 62%, #d4d4d8 62% 100%)",
  white: "#ffffff",
  transparent: "repeating-conic-gradient(#d4d4d8 0 25%, #ffffff 0 50%) 50% / 10px 10px",
};
// The image tile before a backdrop is chosen: a hint of a picture (sky over ground).
const IMAGE_SWATCH = "linear-gradient(180deg, #bae6fd 0 55%, #a8a29e 55% 100%)";
const HEX = /^#[0-9a-f]{6}$/i;

function swatch(choice: BackgroundChoice, form: JobForm, backdropUrl: string | null): string {
  if (choice === "colour") return HEX.test(form.colour) ? form.colour : "#a1a1aa";
  if (choice === "image")
    return backdropUrl ? `center / cover url("${backdropUrl}")` : IMAGE_SWATCH;
  return SWATCHES[choice];
}

/**
 * A preview URL for the picked backdrop. Made when a file is picked (an event), released when
 * another is picked or the panel goes, so a page left open leaks nothing.
 */
function useBackdropPreview(file: File | null): [string | null, (picked: File | null) => void] {
  const [preview, setPreview] = useState<{ file: File; url: string } | null>(null);
  const latest = useRef(preview);
  useEffect(() => {
    latest.current = preview;
  }, [preview]);
  useEffect(
    () => () => {
      if (latest.current) URL.revokeObjectURL(latest.current.url);
    },
    [],
  );
  const show = (picked: File | null) => {
    if (preview) URL.revokeObjectURL(preview.url);
    // Without object URLs (very old browsers, some test set-ups) there is no preview.
    const canPreview = picked && typeof URL.createObjectURL === "function";
    setPreview(canPreview ? { file: picked, url: URL.createObjectURL(picked) } : null);
  };
  return [preview && preview.file === file ? preview.url : null, show];
}

/** The backdrop image: a file picker, its name and size, and a small preview. */
function BackdropPicker({
  file,
  previewUrl,
  error,
  onPick,
}: {
  file: File | null;
  previewUrl: string | null;
  error?: string;
  onPick: (file: File | null) => void;
}) {
  const id = useId();
  const described = error ? `${id}-error` : `${id}-hint`;
  return (
    <div className="mt-3 flex items-start gap-3">
      <div
        className="flex aspect-[4/3] w-24 shrink-0 items-center justify-center overflow-hidden rounded-lg bg-zinc-100 ring-1 ring-inset ring-zinc-300 dark:bg-zinc-800 dark:ring-zinc-600"
        data-testid="backdrop-preview"
      >
        {previewUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- a local object URL, not an optimisable asset
          <img src={previewUrl} alt="Chosen backdrop" className="size-full object-cover" />
        ) : (
          <span className="px-1 text-center text-[11px] text-zinc-500 dark:text-zinc-400">
            {file ? "No preview" : "No image yet"}
          </span>
        )}
      </div>
      <div className="min-w-0 flex-1 space-y-1.5">
        <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Backdrop image
        </label>
        <input
          id={id}
          type="file"
          accept={BACKDROP_ACCEPT}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(event) => onPick(event.target.files?.[0] ?? null)}
          className="block w-full text-xs text-zinc-600 file:mr-2 file:rounded-md file:border-0 file:bg-zinc-100 file:px-2.5 file:py-1.5 file:text-xs file:font-medium file:text-zinc-800 hover:file:bg-zinc-200 dark:text-zinc-400 dark:file:bg-zinc-800 dark:file:text-zinc-200"
        />
        {error ? (
          <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : (
          <p id={`${id}-hint`} className="truncate text-xs text-zinc-500 dark:text-zinc-400">
            {file
              ? `${file.name} · ${formatBytes(file.size)}`
              : "A showroom or branded wall: JPEG, PNG or WebP, scaled to fill the frame."}
          </p>
        )}
      </div>
    </div>
  );
}

export function JobSettingsPanel({
  form,
  onChange,
  errors,
  disabled,
}: {
  form: JobForm;
  onChange: (patch: Partial<JobForm>) => void;
  errors: JobFormErrors;
  disabled?: boolean;
}) {
  const cutout = cutsOut(form.jobType);
  const note = formatNote(form);
  const [backdropUrl, showBackdrop] = useBackdropPreview(form.backdrop);
  return (
    <fieldset disabled={disabled} className="min-w-0 space-y-5">
      <legend className="sr-only">Settings</legend>
      <ChoiceGroup
        legend="Job type"
        name="jobType"
        choices={JOB_TYPES}
        value={form.jobType}
        onChoose={(jobType) => onChange({ jobType })}
        renderChoice={(type) => (
          <span>
            <span className="block font-medium text-zinc-900 dark:text-zinc-100">{type.label}</span>
            <span className="block text-xs text-zinc-500 dark:text-zinc-400">
              {type.description}
            </span>
          </span>
        )}
      />

      {cutout ? (
        <ChoiceGroup
          layout="tiles"
          legend="Background"
          name="background"
          choices={BACKGROUNDS}
          value={form.background}
          onChoose={(background) => onChange({ background })}
          renderChoice={(choice) => (
            <>
              <span
                aria-hidden="true"
                className="block h-6 w-full rounded ring-1 ring-inset ring-zinc-300 dark:ring-zinc-600"
                style={{ background: swatch(choice.value, form, backdropUrl) }}
              />
              <span className="text-xs font-medium text-zinc-800 dark:text-zinc-200">
                {choice.label}
              </span>
            </>
          )}
        >
          {form.background === "image" && (
            <BackdropPicker
              file={form.backdrop}
              previewUrl={backdropUrl}
              error={errors.backdrop}
              onPick={(backdrop) => {
                showBackdrop(backdrop);
                onChange({ backdrop });
              }}
            />
          )}
          {form.background === "colour" && (
            <div className="mt-3 flex items-start gap-2">
              <input
                type="color"
                aria-label="Pick a colour"
                value={HEX.test(form.colour) ? form.colour.toLowerCase() : "#000000"}
                onChange={(event) => onChange({ colour: event.target.value })}
                className="h-10 w-12 shrink-0 cursor-pointer rounded-lg border border-zinc-300 bg-white p-1 dark:border-zinc-700 dark:bg-zinc-900"
              />
              <div className="flex-1 space-y-1.5">
                <input
                  id="background-colour"
                  aria-label="Colour (hex)"
                  value={form.colour}
                  onChange={(event) => onChange({ colour: event.target.value })}
                  aria-invalid={errors.colour ? true : undefined}
                  aria-describedby={errors.colour ? "background-colour-error" : undefined}
                  placeholder="#1F2937"
                  spellCheck={false}
                  autoComplete="off"
                  className={cx(CONTROL_CLASSES, "h-10 w-full font-mono uppercase")}
                />
                {errors.colour && (
                  <p
                    id="background-colour-error"
                    className="text-sm text-red-600 dark:text-red-400"
                  >
                    {errors.colour}
                  </p>
                )}
              </div>
            </div>
          )}
        </ChoiceGroup>
      ) : (
        <p className="rounded-lg bg-zinc-50 px-3 py-2.5 text-xs text-zinc-600 dark:bg-zinc-800/50 dark:text-zinc-400">
          Enhancement only keeps each photo&apos;s own background, framing and size.
        </p>
      )}

      <div className="grid grid-cols-2 gap-3">
        <SelectField
          label="Format"
          value={form.format}
          onChange={(event) => onChange({ format: event.target.value as OutputFormat })}
        >
          {FORMATS.map((format) => (
            <option key={format.value} value={format.value}>
              {format.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Quality"
          value={form.quality}
          onChange={(event) => onChange({ quality: event.target.value as Quality })}
        >
          {QUALITIES.map((quality) => (
            <option key={quality.value} value={quality.value}>
              {quality.label}
            </option>
          ))}
        </SelectField>
      </div>
      {note && (
        <p role="note" className="-mt-3 text-xs text-amber-700 dark:text-amber-300">
          {note}
        </p>
      )}

      {cutout && (
        <SelectField
          label="Size"
          value={form.size}
          onChange={(event) => onChange({ size: event.target.value as SizePreset })}
          hint="4:3 suits marketplaces, square suits social media. Every photo of the set gets the same framing."
        >
          {SIZES.map((size) => (
            <option key={size.value} value={size.value}>
              {size.label}
            </option>
          ))}
        </SelectField>
      )}

      <SelectField
        label="Licence plates"
        value={form.plates}
        onChange={(event) => onChange({ plates: event.target.value as PlateMask })}
        hint="Each photo can choose otherwise below. The logo plate is the one an admin uploads under Dealership settings."
      >
        {PLATE_MASKS.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </SelectField>

      <label className="flex items-start gap-3 text-sm">
        <input
          type="checkbox"
          checked={enhances(form)}
          disabled={form.jobType !== "full_pipeline"}
          onChange={(event) => onChange({ enhance: event.target.checked })}
          className="mt-0.5 size-4 accent-brand-600"
        />
        <span>
          <span className="block font-medium text-zinc-900 dark:text-zinc-100">Enhance photos</span>
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">
            {form.jobType === "background_removal"
              ? "Not part of background removal: choose Full pipeline to enhance."
              : form.jobType === "image_enhancement"
                ? "Always on for enhancement only."
                : "White balance, exposure, contrast, light denoise and sharpening."}
          </span>
        </span>
      </label>

      <TextField
        label="VIN or stock number"
        value={form.vehicleRef}
        onChange={(event) => onChange({ vehicleRef: event.target.value })}
        error={errors.vehicleRef}
        hint="Optional. Groups this vehicle's photos; letters, digits and dashes."
        placeholder="e.g. 1HGCM82633A004352"
        autoComplete="off"
        spellCheck={false}
        maxLength={60}
        className="font-mono uppercase placeholder:normal-case placeholder:font-sans"
      />
    </fieldset>
  );
}
