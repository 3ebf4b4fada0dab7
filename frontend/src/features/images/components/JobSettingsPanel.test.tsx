import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { DEFAULT_FORM, jobFormData, type JobForm } from "../settings";
import { JobSettingsPanel, type JobFormErrors } from "./JobSettingsPanel";

function image(name: string, type = "image/jpeg") {
  return new File([new Uint8Array(64)], name, { type });
}

/** The panel with its form kept in state, as the upload panel keeps it. */
function Harness({ errors = {}, seen }: { errors?: JobFormErrors; seen: (form: JobForm) => void }) {
  const [form, setForm] = useState<JobForm>(DEFAULT_FORM);
  seen(form);
  return (
    <JobSettingsPanel
      form={form}
      onChange={(patch) => setForm((before) => ({ ...before, ...patch }))}
      errors={errors}
    />
  );
}

function renderPanel(errors: JobFormErrors = {}) {
  let latest = DEFAULT_FORM;
  render(<Harness errors={errors} seen={(form) => (latest = form)} />);
  return { user: userEvent.setup(), form: () => latest };
}

// Object URLs that can be followed (jsdom's File is no Blob to Node's own URL.createObjectURL).
const urls = { created: [] as string[], revoked: [] as string[] };
const original = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };

beforeEach(() => {
  Object.assign(URL, {
    createObjectURL: vi.fn((file: File) => {
      const url = `blob:${file.name}`;
      urls.created.push(url);
      return url;
    }),
    revokeObjectURL: vi.fn((url: string) => urls.revoked.push(url)),
  });
});

afterEach(() => {
  Object.assign(URL, original);
  urls.created = [];
  urls.revoked = [];
});

describe("JobSettingsPanel: custom image background", () => {
  it("offers a custom image, with a file picker and a small preview of the chosen file", async () => {
    const { user, form } = renderPanel();
    expect(screen.queryByLabelText("Backdrop image")).not.toBeInTheDocument();

    await user.click(screen.getByRole("radio", { name: "Custom image" }));
    expect(form().background).toBe("image");
    const picker = screen.getByLabelText("Backdrop image");
    expect(picker).toHaveAttribute("type", "file");
    expect(picker).toHaveAttribute("accept", "image/jpeg,image/png,image/webp");
    expect(screen.getByTestId("backdrop-preview")).toHaveTextContent("No image yet");

    await user.upload(picker, image("showroom.jpg"));
    expect(form().backdrop?.name).toBe("showroom.jpg");
    expect(screen.getByRole("img", { name: "Chosen backdrop" })).toHaveAttribute(
      "src",
      "blob:showroom.jpg",
    );
    expect(picker).toHaveAccessibleDescription("showroom.jpg · 64 B");

    // Another file replaces the preview and releases the first one's URL.
    await user.upload(picker, image("wall.png", "image/png"));
    expect(screen.getByRole("img", { name: "Chosen backdrop" })).toHaveAttribute(
      "src",
      "blob:wall.png",
    );
    expect(urls.revoked).toEqual(["blob:showroom.jpg"]);

    // Sent as the server expects: background "custom" and the file in the `backdrop` part.
    const body = jobFormData(form(), [image("front.jpg")]);
    expect(JSON.parse(body.get("settings") as string).background).toBe("custom");
    expect((body.get("backdrop") as File).name).toBe("wall.png");
  });

  it("keeps the backdrop out of the request when another background is chosen", async () => {
    const { user, form } = renderPanel();
    await user.click(screen.getByRole("radio", { name: "Custom image" }));
    await user.upload(screen.getByLabelText("Backdrop image"), image("showroom.jpg"));
    expect(screen.getByRole("img", { name: "Chosen backdrop" })).toBeInTheDocument();

    await user.click(screen.getByRole("radio", { name: "Studio" }));
    expect(screen.queryByLabelText("Backdrop image")).not.toBeInTheDocument();
    expect(form().backdrop?.name).toBe("showroom.jpg"); // still there if they come back
    const body = jobFormData(form(), [image("front.jpg")]);
    expect(JSON.parse(body.get("settings") as string).background).toBe("studio");
    expect(body.has("backdrop")).toBe(false);
  });

  it("shows the backdrop's error on the picker", async () => {
    const { user } = renderPanel({ backdrop: "Choose a backdrop image." });
    await user.click(screen.getByRole("radio", { name: "Custom image" }));
    const picker = screen.getByLabelText("Backdrop image");
    expect(picker).toHaveAttribute("aria-invalid", "true");
    expect(picker).toHaveAccessibleDescription("Choose a backdrop image.");
  });
});
