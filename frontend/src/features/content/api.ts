"use client";

// The content API as the studio uses it: calls, their types (taken from the generated client by
// endpoint, never copied by hand) and the React Query hooks and keys.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useToast } from "@/ui/Toaster";
import { ApiError, unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { saveBlob } from "@/lib/download";
import type { paths } from "@/lib/api/schema";
import type { Body } from "@/lib/api/types";

const path = (contentId: string) => ({ params: { path: { content_id: contentId } } });

export interface ContentQuery {
  status?: ContentStatus;
  vehicleId?: string;
  batchJobId?: string;
  offset?: number;
  limit?: number;
}

const fetchContentList = (query: ContentQuery) =>
  unwrap(api.GET("/api/v1/content", { params: { query } }));
const fetchContent = (contentId: string) =>
  unwrap(api.GET("/api/v1/content/{content_id}", path(contentId)));
const fetchStats = () => unwrap(api.GET("/api/v1/content/stats"));
const lintText = (body: LintRequest) => unwrap(api.POST("/api/v1/content/lint", { body }));

export type ContentItem = Awaited<ReturnType<typeof fetchContent>>;
export type ContentPage = Awaited<ReturnType<typeof fetchContentList>>;
export type ContentSummary = ContentPage["items"][number];
export type ContentStats = Awaited<ReturnType<typeof fetchStats>>;
export type Finding = ContentItem["findings"][number];
export type Severity = Finding["severity"];
export type ContentStatus = ContentItem["status"];
export type ContentType = ContentItem["type"];
export type ContentSettings = ContentItem["settings"];
export type ContentBody = ContentItem["content"];
export type Channel = ContentItem["channel"];
export type Variant = ContentBody["variants"][number];
export type Scene = Variant["scenes"][number];
export type Revision = ContentItem["revisions"][number];
export type LintRequest = Body<"/api/v1/content/lint", "post">;
export type ContentCreate = Body<"/api/v1/content", "post">;
export type ContentUpdate = Body<"/api/v1/content/{content_id}", "patch">;
export type SettingsInput = ContentCreate["settings"];
export type Offer = NonNullable<ContentCreate["offer"]>;
export type BatchCreate = Body<"/api/v1/content/batch", "post">;

export const contentKeys = {
  all: ["content"] as const,
  lists: ["content", "list"] as const,
  list: (params: object) => ["content", "list", params] as const,
  detail: (id: string) => ["content", "detail", id] as const,
  stats: ["content", "stats"] as const,
};

export const CONTENT_PAGE_SIZE = 10;

// Static export: an item has no page of its own per id, so the id travels in the query string.
export const contentHref = (contentId: string) => `/content/?id=${encodeURIComponent(contentId)}`;
export const REVIEW_HREF = "/content/review/";

export function useContentList(query: ContentQuery, enabled = true) {
  const params = { offset: 0, limit: CONTENT_PAGE_SIZE, ...query };
  return useQuery({
    queryKey: contentKeys.list(params),
    queryFn: () => fetchContentList(params),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useContent(contentId: string | null) {
  return useQuery({
    queryKey: contentKeys.detail(contentId ?? ""),
    queryFn: () => fetchContent(contentId!),
    enabled: Boolean(contentId),
  });
}

/**
 * The copy as the platform takes it (the server adds hashtags where missing, an e-mail's subject
 * first): read ahead for a published item, since a clipboard write must follow the click at once.
 */
export function useExportText(item: Pick<ContentItem, "id" | "revision" | "status">) {
  return useQuery({
    queryKey: ["content", "text", item.id, item.revision],
    queryFn: async () => {
      const { data, response } = await api.GET("/api/v1/content/{content_id}/export.txt", {
        ...path(item.id),
        parseAs: "text",
      });
      if (!response.ok || typeof data !== "string") throw new Error("The text could not be read.");
      return data;
    },
    enabled: item.status === "published",
    staleTime: Infinity,
  });
}

export function useContentStats() {
  return useQuery({ queryKey: contentKeys.stats, queryFn: fetchStats });
}

export const contentCalls = {
  lint: lintText,
  create: (body: ContentCreate) => api.POST("/api/v1/content", { body }),
  batch: (body: BatchCreate) => api.POST("/api/v1/content/batch", { body }),
  update: (contentId: string, body: ContentUpdate) =>
    unwrap(api.PATCH("/api/v1/content/{content_id}", { ...path(contentId), body })),
  submit: (contentId: string) =>
    unwrap(api.POST("/api/v1/content/{content_id}/submit", path(contentId))),
  publish: (contentId: string) =>
    unwrap(api.POST("/api/v1/content/{content_id}/publish", path(contentId))),
  reject: (contentId: string, comment: string) =>
    unwrap(
      api.POST("/api/v1/content/{content_id}/reject", { ...path(contentId), body: { comment } }),
    ),
  sendEmail: (contentId: string, recipients: string[]) =>
    unwrap(
      api.POST("/api/v1/content/{content_id}/send-email", {
        ...path(contentId),
        body: { recipients },
      }),
    ),
};

/** Puts an item just changed into the caches, so every view shows the same state. */
function useStoreContent() {
  const queryClient = useQueryClient();
  return (item: ContentItem) => {
    queryClient.setQueryData(contentKeys.detail(item.id), item);
    void queryClient.invalidateQueries({ queryKey: contentKeys.lists });
    void queryClient.invalidateQueries({ queryKey: contentKeys.stats });
  };
}

/** Submit, publish and reject, each answering the updated item; failures are the caller's to show. */
export function useTransitions(onDone?: (item: ContentItem) => void) {
  const store = useStoreContent();
  const notify = useToast();
  const done = (message: string) => (item: ContentItem) => {
    store(item);
    notify(message);
    onDone?.(item);
  };
  return {
    submit: useMutation({
      mutationFn: contentCalls.submit,
      onSuccess: done("Sent to a manager for review."),
    }),
    publish: useMutation({
      mutationFn: contentCalls.publish,
      onSuccess: done("Published: the card and the text are ready to post."),
    }),
    reject: useMutation({
      mutationFn: ({ id, comment }: { id: string; comment: string }) =>
        contentCalls.reject(id, comment),
      onSuccess: done("Sent back to the author with your comment."),
    }),
  };
}

/** The findings a refusal carries (publishing answers 409 with them while errors remain). */
export function refusalFindings(error: unknown): Finding[] {
  if (!(error instanceof ApiError)) return [];
  const findings = error.problem?.findings;
  return Array.isArray(findings) ? (findings as Finding[]) : [];
}

export function useSaveText() {
  const store = useStoreContent();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ContentUpdate }) =>
      contentCalls.update(id, body),
    onSuccess: store,
  });
}

export type Download = "card.png" | "print.pdf";

export type CardLayout = NonNullable<
  NonNullable<
    paths["/api/v1/content/{content_id}/card.png"]["get"]["parameters"]["query"]
  >["layout"]
>;

/** A rendered output (the PNG card, the PDF ad) fetched with the session and saved as a file. */
export async function downloadOutput(
  item: ContentItem,
  kind: Download,
  layout: CardLayout = "square",
): Promise<void> {
  const path = { content_id: item.id };
  const { data, response } =
    kind === "card.png"
      ? await api.GET("/api/v1/content/{content_id}/card.png", {
          params: { path, query: { download: true, layout } },
          parseAs: "blob",
        })
      : await api.GET("/api/v1/content/{content_id}/print.pdf", {
          params: { path, query: { download: true } },
          parseAs: "blob",
        });
  if (!response.ok || !data) throw new Error("The file could not be made. Try again.");
  saveBlob(data as Blob, `${fileStem(item.title)}.${kind.split(".")[1]}`);
}

/** A batch's drafts as CSV (one row per vehicle: copy, findings, dates). */
export async function downloadBatchCsv(batchJobId: string): Promise<void> {
  const { data, response } = await api.GET("/api/v1/content/export.csv", {
    params: { query: { batchJobId } },
    parseAs: "blob",
  });
  if (!response.ok || !data) throw new Error("The CSV could not be made. Try again.");
  saveBlob(data as Blob, `batch-${batchJobId.slice(0, 8)}.csv`);
}

function fileStem(title: string): string {
  const stem = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return stem.slice(0, 60) || "content";
}
