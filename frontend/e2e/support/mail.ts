import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// Reads the .eml files the SMTP sink writes to E2E_MAIL_DIR (see scripts/e2e-server.sh).

export function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set (playwright.config.ts sets it)");
  return dir;
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function splitHeaders(raw: string): [Record<string, string>, string] {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return [headers, rest.join("\n\n")];
}

/** The decoded text of every leaf part of a MIME message. */
export function mimeTexts(raw: string): string[] {
  const [headers, body] = splitHeaders(raw);
  const type = headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith("multipart/") && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith("--"))
      .flatMap((part) => mimeTexts(part.replace(/^\r?\n/, "")));
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (encoding === "base64")
    return [Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")];
  if (encoding === "quoted-printable") return [decodeQuotedPrintable(body)];
  return [body];
}

export interface Mail {
  file: string;
  to: string;
  subject: string;
  text: string;
}

export function readMails(): Mail[] {
  const dir = mailDir();
  return readdirSync(dir)
    .filter((name) => name.endsWith(".eml"))
    .sort()
    .map((name) => {
      const raw = readFileSync(join(dir, name), "utf8");
      const [headers] = splitHeaders(raw);
      return {
        file: name,
        to: headers.to ?? "",
        subject: headers.subject ?? "",
        text: mimeTexts(raw).join("\n"),
      };
    });
}

/** Polls the mail folder for the newest message to `address`. */
export async function waitForMail(address: string, timeoutMs = 15_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = readMails()
      .reverse()
      .find((candidate) => candidate.to.toLowerCase().includes(address.toLowerCase()));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`No e-mail to ${address} in ${mailDir()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The first link in the mail whose path starts with `pathPrefix`. */
export function findLink(mail: Mail, pathPrefix: string): string {
  const urls = mail.text.replace(/&amp;/g, "&").match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  const link = urls.find((url) => new URL(url).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`No ${pathPrefix} link in the e-mail:\n${mail.text}`);
  return link;
}
