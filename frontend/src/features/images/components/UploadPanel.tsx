"use client";

import { useEffect, useRef, useState } from "react";

import { ProgressBar } from "@/features/jobs";
import type { Job } from "@/lib/api/types";
import { postForm, type UploadProgress } from "@/lib/api/upload";
import { plural } from "@/lib/format";
import { collectErrors, hasErrors } from "@/lib/validation";
import { Alert, Button, Card, CardBody, CardFooter, CardHeader } from "@/ui";

import {
  cutsOut,
  DEFAULT_FORM,
  formatBytes,
  jobFormData,
  MAX_FILES,
  photoProblem,
  sendsBackdrop,
  validateBackdrop,
  validateColour,
  validateVehicleRef,
  type JobForm,
} from "../settings";
import { fileProgress } from "../uploadProgress";
import { JobSettingsPanel, type JobFormErrors } from "./JobSettingsPanel";
import { PhotoDropzone } from "./PhotoDropzone";
import { SelectedPhotos, type ChosenPhoto } from "./SelectedPhotos";

interface Upload extends UploadProgress {
  /** The photos in the request, in order. */
  ids: string[];
}

let nextPhotoId = 1;

function choose(file: File): ChosenPhoto {
  const problem = photoProblem(file);
  const canPreview = !problem && typeof URL.createObjectURL === "function";
  return {
    id: `photo-${nextPhotoId++}`,
    file,
    preview: canPreview ? URL.createObjectURL(file) : null,
    problem,
    plates: null,
  };
}

/** Why the server refused a photo, by the problem's code; shown on the photo itself. */
const REFUSAL: Record<string, string> = {
  unsupported_file: "The server could not read it as a photo.",
  image_too_large: "Too large for the server to process.",
};

/** The names of the files a 400 refused (`files` in the problem body). */
function refusedNames(problem: unknown): Set<string> {
  const files = (problem as { files?: unknown } | null)?.files;
  return new Set(Array.isArray(files) ? files.filter((name) => typeof name === "string") : []);
}

function release(photos: ChosenPhoto[]) {
  for (const photo of photos) if (photo.preview) URL.revokeObjectURL(photo.preview);
}

const sameFile = (a: File, b: File) =>
  a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

/** What the server made of the upload: how many photos are queued, and why others are not. */
function CreatedNote({ job }: { job: Job }) {
  const rejected = job.items.filter((item) => item.status === "failed");
  const queued = job.items.length - rejected.length;
  const list = rejected.length > 0 && (
    <ul className="mt-1.5 list-disc space-y-0.5 pl-5" aria-label="Rejected photos">
      {rejected.map((item) => (
        <li key={item.id}>
          <span className="font-medium">{item.originalName}</span>: {item.error ?? "Rejected."}
        </li>
      ))}
    </ul>
  );
  if (queued === 0) {
    return (
      <Alert tone="error" title="None of the photos can be processed">
        {list}
      </Alert>
    );
  }
  if (rejected.length > 0) {
    return (
      <Alert
        tone="warning"
        title={`${plural(queued, "photo")} queued; ${rejected.length} rejected`}
      >
        {list}
      </Alert>
    );
  }
  return (
    <Alert tone="success">
      Job started: {plural(queued, "photo")} queued. Follow its progress below.
    </Alert>
  );
}

export function UploadPanel({ onCreated }: { onCreated: (job: Job) => void }) {
  const [form, setForm] = useState<JobForm>(DEFAULT_FORM);
  const [errors, setErrors] = useState<JobFormErrors>({});
  const [photos, setPhotos] = useState<ChosenPhoto[]>([]);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Job | null>(null);
  const abort = useRef<AbortController | null>(null);

  // Object URLs live until the photo is removed, uploaded, or the page is left.
  const current = useRef(photos);
  useEffect(() => {
    current.current = photos;
  }, [photos]);
  useEffect(() => () => release(current.current), []);

  const uploadable = photos.filter((photo) => !photo.problem);
  const totalBytes = uploadable.reduce((sum, photo) => sum + photo.file.size, 0);
  const uploading = upload !== null;

  const addFiles = (files: File[]) => {
    setError(null);
    setCreated(null);
    setPhotos((before) => {
      const fresh = files.filter((file) => !before.some((each) => sameFile(each.file, file)));
      return [...before, ...fresh.map(choose)];
    });
  };

  const remove = (id: string) => {
    setPhotos((before) => {
      release(before.filter((photo) => photo.id === id));
      return before.filter((photo) => photo.id !== id);
    });
  };

  const clear = () => {
    release(photos);
    setPhotos([]);
    setError(null);
  };

  const update = (patch: Partial<JobForm>) => {
    setForm((before) => ({ ...before, ...patch }));
    // An error goes away as soon as its field is edited; the next submit checks again.
    setErrors((before) => {
      const next = { ...before };
      if ("colour" in patch || "background" in patch) delete next.colour;
      if ("backdrop" in patch || "background" in patch) delete next.backdrop;
      if ("vehicleRef" in patch) delete next.vehicleRef;
      return next;
    });
  };

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (uploading) return;
    setError(null);
    setCreated(null);
    const found = collectErrors({
      colour:
        cutsOut(form.jobType) && form.background === "colour" ? validateColour(form.colour) : null,
      backdrop: sendsBackdrop(form) ? validateBackdrop(form.backdrop) : null,
      vehicleRef: validateVehicleRef(form.vehicleRef),
    });
    setErrors(found);
    if (uploadable.length === 0) {
      setError(
        photos.length
          ? "None of the chosen files is a photo: add JPEG, PNG, WebP or HEIC files."
          : "Add at least one photo.",
      );
      return;
    }
    if (uploadable.length > MAX_FILES) {
      setError(`At most ${MAX_FILES} photos per job: remove ${uploadable.length - MAX_FILES}.`);
      return;
    }
    if (hasErrors(found)) return;

    const sending = uploadable;
    const controller = new AbortController();
    abort.current = controller;
    setUpload({ loaded: 0, total: 0, ids: sending.map((photo) => photo.id) });
    const outcome = await postForm<Job>(
      "/api/v1/jobs",
      jobFormData(
        form,
        sending.map((photo) => photo.file),
        sending.map((photo) => photo.plates),
      ),
      {
        signal: controller.signal,
        onProgress: ({ loaded, total }) =>
          setUpload((before) => before && { ...before, loaded, total }),
      },
    );
    abort.current = null;
    setUpload(null);
    if (!outcome.ok) {
      // Cancelled by the person themselves: nothing to explain.
      if (controller.signal.aborted) return;
      const names = refusedNames(outcome.problem);
      const refused = sending.filter((photo) => names.has(photo.file.name));
      if (refused.length === 0) {
        setError(outcome.message);
        return;
      }
      // Marked, the refused files are left out of the next submit, so the rest can still go.
      const reason = REFUSAL[outcome.problem?.code ?? ""] ?? "Refused by the server.";
      const ids = new Set(refused.map((photo) => photo.id));
      setPhotos((before) =>
        before.map((photo) => (ids.has(photo.id) ? { ...photo, problem: reason } : photo)),
      );
      const left = sending.length - refused.length;
      setError(
        `${outcome.message} ${refused.length === 1 ? "It is" : "They are"} marked below and left out` +
          (left === 0
            ? "."
            : `: submit again to process ${left === 1 ? "the other photo" : `the other ${left} photos`}.`),
      );
      return;
    }
    // The photos are now the job's. The next job is likely another vehicle: forget this one's
    // reference rather than file the next set under it by mistake (the backdrop stays: a
    // dealership uses one for every vehicle).
    setPhotos((before) => {
      release(before);
      return [];
    });
    setForm((before) => ({ ...before, vehicleRef: "" }));
    setCreated(outcome.data);
    onCreated(outcome.data);
  };

  const shares: Record<string, number> = {};
  let stored = false;
  if (upload) {
    const sizes = upload.ids.map((id) => photos.find((photo) => photo.id === id)?.file.size ?? 0);
    fileProgress(sizes, upload.loaded, upload.total).forEach((share, index) => {
      shares[upload.ids[index]!] = share;
    });
    stored = upload.total > 0 && upload.loaded >= upload.total;
  }
  const percent = upload && upload.total > 0 ? (upload.loaded / upload.total) * 100 : 0;

  return (
    <Card aria-labelledby="new-job-title">
      <CardHeader
        titleId="new-job-title"
        title="New job"
        description="Upload one vehicle's photos; they are processed on your dealership's own servers."
      />
      <form onSubmit={onSubmit} aria-labelledby="new-job-title" noValidate>
        <CardBody className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <div className="flex min-w-0 flex-col gap-4">
            {error && <Alert tone="error">{error}</Alert>}
            {created && <CreatedNote job={created} />}
            <PhotoDropzone
              onFiles={addFiles}
              disabled={uploading}
              compact={photos.length > 0}
              className={photos.length > 0 ? undefined : "min-h-56 lg:min-h-72"}
            />
            {photos.length > 0 && (
              <SelectedPhotos
                photos={photos}
                onRemove={remove}
                onPlates={(id, plates) =>
                  setPhotos((before) =>
                    before.map((photo) => (photo.id === id ? { ...photo, plates } : photo)),
                  )
                }
                uploading={uploading}
                shares={shares}
                stored={stored}
              />
            )}
            {upload && (
              <div className="space-y-1.5" data-testid="upload-progress">
                <div className="flex items-center justify-between gap-3 text-sm">
                  <span className="font-medium text-zinc-800 dark:text-zinc-200">
                    {stored
                      ? "Uploaded · the server is checking the photos…"
                      : `Uploading ${plural(upload.ids.length, "photo")}…`}
                  </span>
                  <span className="tabular-nums text-zinc-500 dark:text-zinc-400">
                    {formatBytes(Math.min(upload.loaded, upload.total))} of{" "}
                    {formatBytes(upload.total || totalBytes)}
                  </span>
                </div>
                <ProgressBar value={percent} label="Upload" />
              </div>
            )}
          </div>
          <div className="lg:border-l lg:border-zinc-200 lg:pl-6 lg:dark:border-zinc-800">
            <JobSettingsPanel form={form} onChange={update} errors={errors} disabled={uploading} />
          </div>
        </CardBody>
        <CardFooter className="flex-wrap justify-between">
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            {uploadable.length === 0
              ? "No photos chosen yet"
              : `${plural(uploadable.length, "photo")} · ${formatBytes(totalBytes)}`}
            {photos.length > uploadable.length &&
              ` · ${photos.length - uploadable.length} not a photo`}
          </p>
          <div className="flex items-center gap-2">
            {uploading ? (
              <Button variant="secondary" onClick={() => abort.current?.abort()}>
                Cancel upload
              </Button>
            ) : (
              photos.length > 0 && (
                <Button variant="ghost" onClick={clear}>
                  Clear
                </Button>
              )
            )}
            <Button type="submit" loading={uploading}>
              {uploading
                ? "Uploading…"
                : uploadable.length > 0
                  ? `Process ${plural(uploadable.length, "photo")}`
                  : "Process photos"}
            </Button>
          </div>
        </CardFooter>
      </form>
    </Card>
  );
}
