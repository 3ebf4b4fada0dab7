"use client";

// The coaching API as its pages use it: assignments with their attempts, certifications and
// their holders, and the people a coach may assign to. Types come from the generated client.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { trainingKeys } from "@/features/training";
import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import type { Body } from "@/lib/api/types";
import { useToast } from "@/ui/Toaster";

export interface AssignmentQuery {
  userId?: string;
  offset: number;
  limit: number;
}

const fetchAssignments = (query: AssignmentQuery) =>
  unwrap(api.GET("/api/v1/training/assignments", { params: { query } }));
// A dealership defines a handful of certifications, and a team holds each: the first page of
// the most the API gives holds them all.
const ALL = { limit: 100 };
const fetchCertifications = () =>
  unwrap(api.GET("/api/v1/certifications", { params: { query: ALL } }));
const fetchHolders = (certificationId: string) =>
  unwrap(
    api.GET("/api/v1/certifications/{certification_id}/holders", {
      params: { path: { certification_id: certificationId }, query: ALL },
    }),
  );

export type AssignmentPage = Awaited<ReturnType<typeof fetchAssignments>>;
export type Assignment = AssignmentPage["items"][number];
export type AssignmentStatus = Assignment["status"];
export type Attempt = Assignment["attempts"][number];
export type AssignmentCreate = Body<"/api/v1/training/assignments", "post">;
export type Certification = Awaited<ReturnType<typeof fetchCertifications>>["items"][number];
export type Award = NonNullable<Certification["award"]>;
export type CertificationCreate = Body<"/api/v1/certifications", "post">;
export type CertificationUpdate = Body<"/api/v1/certifications/{certification_id}", "patch">;
export type Holder = Awaited<ReturnType<typeof fetchHolders>>["items"][number];

const certificationKeys = {
  all: ["certifications"] as const,
  holders: (id: string) => ["certifications", id, "holders"] as const,
};

export function useAssignmentList(query: AssignmentQuery) {
  return useQuery({
    queryKey: trainingKeys.assignments(query),
    queryFn: () => fetchAssignments(query),
    placeholderData: keepPreviousData,
  });
}

/** The salespeople a coach may assign to: the users API's visible set. */
export function useSalespeople(enabled = true) {
  const params = { role: "salesperson" as const, active: true, limit: 100 };
  return useQuery({
    queryKey: queryKeys.users(params),
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: params } })),
    enabled,
    staleTime: 60_000,
  });
}

/** Assign one scenario to each of `userIds` (one person, or the whole team at once). */
export function useCreateAssignments() {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: ({
      userIds,
      body,
    }: {
      userIds: string[];
      body: Omit<AssignmentCreate, "userId">;
    }) =>
      Promise.all(
        userIds.map((userId) =>
          unwrap(api.POST("/api/v1/training/assignments", { body: { ...body, userId } })),
        ),
      ),
    onSuccess: (made) => {
      void queryClient.invalidateQueries({ queryKey: trainingKeys.assignmentLists });
      notify(made.length === 1 ? "Assigned." : `Assigned to ${made.length} people.`);
    },
  });
}

export function useDeleteAssignment() {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: (assignmentId: string) =>
      unwrap(
        api.DELETE("/api/v1/training/assignments/{assignment_id}", {
          params: { path: { assignment_id: assignmentId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trainingKeys.assignmentLists }),
    onError: (error: Error) => notify(error.message, "error"),
  });
}

export function useCertifications() {
  return useQuery({
    queryKey: certificationKeys.all,
    queryFn: fetchCertifications,
    select: (page) => page.items,
  });
}

export function useHolders(certificationId: string, enabled = true) {
  return useQuery({
    queryKey: certificationKeys.holders(certificationId),
    queryFn: () => fetchHolders(certificationId),
    select: (page) => page.items,
    enabled,
  });
}

export function useCreateCertification() {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: (body: CertificationCreate) => unwrap(api.POST("/api/v1/certifications", { body })),
    onSuccess: (made) => {
      void queryClient.invalidateQueries({ queryKey: certificationKeys.all });
      notify(`“${made.name}” is defined.`);
    },
  });
}

/** Change a certification: `body` names only what changed (PATCH). */
export function useUpdateCertification() {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CertificationUpdate }) =>
      unwrap(
        api.PATCH("/api/v1/certifications/{certification_id}", {
          params: { path: { certification_id: id } },
          body,
        }),
      ),
    onSuccess: (saved) => {
      // Its holders too: new requirements or a new validity change who holds it.
      void queryClient.invalidateQueries({ queryKey: certificationKeys.all });
      notify(`“${saved.name}” is saved.`);
    },
  });
}

export function useDeleteCertification() {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: (certificationId: string) =>
      unwrap(
        api.DELETE("/api/v1/certifications/{certification_id}", {
          params: { path: { certification_id: certificationId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: certificationKeys.all }),
    onError: (error: Error) => notify(error.message, "error"),
  });
}
