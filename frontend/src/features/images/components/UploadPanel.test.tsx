import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { UploadOutcome, UploadProgress } from "@/lib/api/upload";
import { postForm } from "@/lib/api/upload";
import { mockFetch } from "@/test/fetchMock";
import { makeJob, makeJobItem, makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { UploadPanel } from "./UploadPanel";

vi.mock("@/lib/api/upload", () => ({ postForm: vi.fn() }));
const postFormMock = vi.mocked(postForm);

function photo(name: string, size: number, type = "image/jpeg") {
  return new File([new Uint8Array(size)], name, { type });
}

interface Sent {
  path: string;
  body: FormData;
  progress: (p: UploadProgress) => void;
  finish: (outcome: UploadOutcome<unknown>) => void;
}

/** postForm answers only when the test says so; meanwhile the test can report progress. */
function holdUploads(): Sent[] {
  const sent: Sent[] = [];
  postFormMock.mockImplementation(
    (path, body, options) =>
      new Promise((resolve) => {
        sent.push({
          path,
          body,
          progress: (p) => options?.onProgress?.(p),
          finish: resolve as (outcome: UploadOutcome<unknown>) => void,
        });
      }),
  );
  return sent;
}

function renderPanel(onCreated = vi.fn()) {
  mockFetch([]);
  return {
    onCreated,
    ...renderWithProviders(<UploadPanel onCreated={onCreated} />, { user: makeUser() }),
  };
}

describe("UploadPanel", () => {
  it("checks the photos, the colour and the VIN before uploading anything", async () => {
    const sent = holdUploads();
    const { user } = renderPanel();
    await user.click(screen.getByRole("button", { name: "Process photos" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Add at least one photo.");

    await user.upload(screen.getByLabelText("Choose photos"), [photo("front.jpg", 2000)]);
    await user.click(screen.getByRole("radio", { name: "Colour" }));
    const hex = screen.getByLabelText("Colour (hex)");
    await user.clear(hex);
    await user.type(hex, "#12345");
    await user.type(screen.getByLabelText("VIN or stock number"), "ABC 123");
    await user.click(screen.getByRole("button", { name: "Process 1 photo" }));

    expect(hex).toHaveAccessibleDescription(
      "Use a hex colour like #1F2937 (# and six digits 0-9 or A-F).",
    );
    expect(screen.getByLabelText("VIN or stock number")).toHaveAccessibleDescription(
      "Use only letters, digits and dashes (no spaces).",
    );
    expect(sent).toHaveLength(0);

    // Fixing a field clears its message; a valid form goes out.
    await user.type(hex, "6");
    await user.clear(screen.getByLabelText("VIN or stock number"));
    expect(screen.queryByText(/Use a hex colour/)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Process 1 photo" }));
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body.get("settings") as string)).toMatchObject({
      background: "#123456",
    });
    expect(sent[0]!.body.has("vehicleRef")).toBe(false);
  });

  it("sends the settings and the photos in one multipart request, showing each file's progress", async () => {
    const sent = holdUploads();
    const { user, onCreated } = renderPanel();
    await user.upload(screen.getByLabelText("Choose photos"), [
      photo("a.jpg", 1000),
      photo("b.png", 3000, "image/png"),
    ]);
    expect(
      within(screen.getByRole("list", { name: "Chosen photos" })).getAllByRole("listitem"),
    ).toHaveLength(2);

    await user.click(screen.getByRole("radio", { name: /Background removal/ }));
    await user.click(screen.getByRole("radio", { name: "Transparent" }));
    await user.selectOptions(screen.getByLabelText("Format"), "webp");
    await user.selectOptions(screen.getByLabelText("Quality"), "high");
    await user.selectOptions(screen.getByLabelText("Size"), "square-1080");
    await user.selectOptions(screen.getByLabelText("Licence plates"), "blur");
    await user.selectOptions(screen.getByLabelText("Licence plates of b.png"), "logo");
    await user.type(screen.getByLabelText("VIN or stock number"), " stk-1234 ");
    await user.click(screen.getByRole("button", { name: "Process 2 photos" }));

    expect(sent).toHaveLength(1);
    const { path, body } = sent[0]!;
    expect(path).toBe("/api/v1/jobs");
    expect(body.get("jobType")).toBe("background_removal");
    expect(JSON.parse(body.get("settings") as string)).toEqual({
      quality: "high",
      format: "webp",
      background: "transparent",
      enhance: false,
      size: "square-1080",
      plates: "blur",
      platesPerPhoto: { "1": "logo" },
    });
    expect(body.get("vehicleRef")).toBe("STK-1234");
    expect(body.getAll("files").map((file) => (file as File).name)).toEqual(["a.jpg", "b.png"]);

    // Half the request sent: all of a.jpg (the first 1000 of 4000 photo bytes), a third of b.png.
    act(() => sent[0]!.progress({ loaded: 2200, total: 4400 }));
    expect(screen.getByRole("progressbar", { name: "Upload of a.jpg" })).toHaveAttribute(
      "aria-valuenow",
      "100",
    );
    expect(screen.getByRole("progressbar", { name: "Upload of b.png" })).toHaveAttribute(
      "aria-valuenow",
      "33",
    );
    expect(screen.getByText("Uploading 33 %")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Upload" })).toHaveAttribute(
      "aria-valuenow",
      "50",
    );
    expect(screen.queryByRole("button", { name: /Remove/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Uploading…" })).toBeDisabled();

    const job = makeJob({
      items: [makeJobItem({ originalName: "a.jpg" }), makeJobItem({ originalName: "b.png" })],
    });
    await act(async () => sent[0]!.finish({ ok: true, status: 201, data: job }));
    expect(onCreated).toHaveBeenCalledWith(job);
    expect(screen.getByRole("status")).toHaveTextContent("Job started: 2 photos queued.");
    expect(screen.queryByRole("list", { name: "Chosen photos" })).not.toBeInTheDocument();
  });

  it("shows which files were rejected, by the browser and by the server", async () => {
    const sent = holdUploads();
    const { user } = renderPanel();
    fireEvent.drop(screen.getByTestId("photo-dropzone"), {
      dataTransfer: {
        types: ["Files"],
        files: [
          photo("good.jpg", 500),
          photo("broken.jpg", 100),
          photo("notes.txt", 10, "text/plain"),
        ],
      },
    });
    expect(
      await screen.findByText("Not a photo: choose JPEG, PNG, WebP or HEIC files. Not uploaded."),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Process 2 photos" }));
    expect(sent[0]!.body.getAll("files").map((file) => (file as File).name)).toEqual([
      "good.jpg",
      "broken.jpg",
    ]);

    const job = makeJob({
      items: [
        makeJobItem({ originalName: "good.jpg" }),
        makeJobItem({
          originalName: "broken.jpg",
          status: "failed",
          error: "Not a JPEG, PNG, WebP or HEIC photo (judged from its contents).",
          inputBytes: 0,
        }),
      ],
    });
    await act(async () => sent[0]!.finish({ ok: true, status: 201, data: job }));
    const note = screen.getByRole("status");
    expect(note).toHaveTextContent("1 photo queued; 1 rejected");
    expect(within(note).getByRole("list", { name: "Rejected photos" })).toHaveTextContent(
      "broken.jpg: Not a JPEG, PNG, WebP or HEIC photo (judged from its contents).",
    );
  });

  it("shows the server's refusal and keeps the photos for another try", async () => {
    const sent = holdUploads();
    const { user, onCreated } = renderPanel();
    await user.upload(screen.getByLabelText("Choose photos"), [photo("a.jpg", 1000)]);
    await user.click(screen.getByRole("button", { name: "Process 1 photo" }));
    await act(async () =>
      sent[0]!.finish({
        ok: false,
        status: 413,
        problem: { status: 413, detail: "The upload is larger than the 1024 MB allowed." },
        message: "The upload is larger than the 1024 MB allowed.",
      }),
    );
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The upload is larger than the 1024 MB allowed.",
    );
    expect(onCreated).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Remove a.jpg" })).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Process 1 photo" })).toBeEnabled(),
    );
  });

  it("marks the files a 400 names as refused, so that the rest can be sent again", async () => {
    const sent = holdUploads();
    const { user, onCreated } = renderPanel();
    await user.upload(screen.getByLabelText("Choose photos"), [
      photo("car.jpg", 1000),
      photo("fake.jpg", 400),
    ]);
    await user.click(screen.getByRole("button", { name: "Process 2 photos" }));
    const detail = "fake.jpg: Not a JPEG, PNG, WebP or HEIC photo (judged from its contents).";
    await act(async () =>
      sent[0]!.finish({
        ok: false,
        status: 400,
        problem: { status: 400, code: "unsupported_file", detail, files: ["fake.jpg"] } as never,
        message: detail,
      }),
    );
    expect(screen.getByRole("alert")).toHaveTextContent(
      `${detail} It is marked below and left out: submit again to process the other photo.`,
    );
    expect(
      screen.getByText("The server could not read it as a photo. Not uploaded."),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText("Licence plates of fake.jpg")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Licence plates of car.jpg")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Process 1 photo" }));
    expect(sent[1]!.body.getAll("files").map((file) => (file as File).name)).toEqual(["car.jpg"]);
    expect(onCreated).not.toHaveBeenCalled();
  });

  it("needs a backdrop for the custom image background, then sends it with the photos", async () => {
    const sent = holdUploads();
    const { user } = renderPanel();
    await user.upload(screen.getByLabelText("Choose photos"), [photo("front.jpg", 2000)]);
    await user.click(screen.getByRole("radio", { name: "Custom image" }));
    await user.click(screen.getByRole("button", { name: "Process 1 photo" }));
    const picker = screen.getByLabelText("Backdrop image");
    expect(picker).toHaveAccessibleDescription("Choose a backdrop image.");
    expect(sent).toHaveLength(0);

    // The picker's `accept` filters what the dialog offers; a browser may still let it through.
    await userEvent
      .setup({ applyAccept: false })
      .upload(picker, photo("notes.txt", 10, "text/plain"));
    await user.click(screen.getByRole("button", { name: "Process 1 photo" }));
    expect(picker).toHaveAccessibleDescription(
      "Choose a JPEG, PNG or WebP image for the backdrop.",
    );
    expect(sent).toHaveLength(0);

    await user.upload(picker, photo("showroom.webp", 500, "image/webp"));
    await user.click(screen.getByRole("button", { name: "Process 1 photo" }));
    expect(sent).toHaveLength(1);
    const { body } = sent[0]!;
    expect(JSON.parse(body.get("settings") as string).background).toBe("custom");
    expect((body.get("backdrop") as File).name).toBe("showroom.webp");
    expect(body.getAll("files").map((file) => (file as File).name)).toEqual(["front.jpg"]);
  });
});
