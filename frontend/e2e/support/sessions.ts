import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { expect, type APIRequestContext } from "@playwright/test";

import { DEMO_PASSWORD } from "./app";

/** Signs in through the API (not the page) and returns the access token. */
export async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const response = await request.post("/api/v1/auth/login", {
    data: { email, password: DEMO_PASSWORD },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * A practice session of `email`'s, analysed: `text` (SSML allowed) spoken by espeak-ng and uploaded as the
 * recording (the way "Upload a recording instead" does), then waited for until its report is
 * ready. Returns the session's id.
 */
export async function analysedSession(
  request: APIRequestContext,
  email: string,
  text: string,
  folder: string,
): Promise<string> {
  const token = await apiToken(request, email);
  const headers = { Authorization: `Bearer ${token}` };
  mkdirSync(folder, { recursive: true });
  const wav = join(folder, "upload.wav");
  execFileSync("espeak-ng", ["-m", "-v", "en-us", "-s", "150", "-w", wav, text]);

  const created = await request.post("/api/v1/sessions", {
    headers,
    data: { sessionType: "pitch" },
  });
  expect(created.ok(), await created.text()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  const uploaded = await request.post(`/api/v1/sessions/${id}/recording`, {
    headers,
    multipart: {
      file: { name: "pitch.wav", mimeType: "audio/wav", buffer: readFileSync(wav) },
    },
  });
  expect(uploaded.ok(), await uploaded.text()).toBe(true);

  // A Whisper pass over the recording: seconds to a minute or two on a slow machine.
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/v1/sessions/${id}`, { headers });
        const session = (await response.json()) as { analysis: { status: string } | null };
        return session.analysis?.status;
      },
      { timeout: 180_000, intervals: [2_000] },
    )
    .toBe("completed");
  return id;
}
