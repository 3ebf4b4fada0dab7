"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useRef, useState } from "react";

import { MODULES } from "@/app-shell/modules";
import { useVehicle, type Vehicle } from "@/features/vehicles";
import { errorMessage } from "@/lib/api/call";
import { useUser } from "@/lib/auth/AuthProvider";
import { hasRole, MANAGERS } from "@/lib/auth/roles";
import { useSubmit } from "@/lib/useSubmit";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  CardBody,
  CardHeader,
  ListError,
  ListLoading,
  PageHeader,
} from "@/ui";
import { SparkIcon } from "@/ui/icons";

import {
  contentCalls,
  contentHref,
  contentKeys,
  REVIEW_HREF,
  useContent,
  useContentStats,
  type SettingsInput,
} from "../api";
import { streamGeneration, type GenerationDone } from "../stream";
import { BatchProgress } from "./BatchProgress";
import { ContentList } from "./ContentList";
import { ContentWorkspace } from "./ContentWorkspace";
import { FallbackNotice } from "./FallbackNotice";
import { DEFAULT_SETTINGS, offerOf, SettingsPanel, type StudioSettings } from "./SettingsPanel";
import { VariantPicker, type VariantView } from "./VariantPicker";
import { VehiclePicker } from "./VehiclePicker";

const VARIANTS = 3;

/** The generation settings to send, from the studio's form. */
export function settingsOf(form: StudioSettings): SettingsInput {
  return {
    platform: form.channel,
    targetAudience: form.audience || null,
    tone: form.tone,
    length: form.length,
    callToAction: form.callToAction.trim() || null,
    videoSeconds: form.videoSeconds,
    offer: offerOf(form),
  };
}

function ReviewLink() {
  const stats = useContentStats();
  const waiting = stats.data?.review ?? 0;
  return (
    <Link href={REVIEW_HREF} className={buttonClasses("secondary", "sm")}>
      Review queue
      {waiting > 0 && <Badge tone="warning">{waiting}</Badge>}
    </Link>
  );
}

/** Pick vehicles, a channel and settings; one vehicle opens its variants, several run a batch. */
function Studio({ preselect }: { preselect: string | null }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [vehicles, setVehicles] = useState<Vehicle[]>([]);
  // "Write copy" on a vehicle's page arrives here with that vehicle chosen.
  const preselected = useVehicle(preselect);
  const [preselectDone, setPreselectDone] = useState(false);
  if (!preselectDone && preselected.data) {
    setPreselectDone(true);
    if (vehicles.length === 0) setVehicles([preselected.data]);
  }
  const [form, setForm] = useState<StudioSettings>(DEFAULT_SETTINGS);
  const [batchJobId, setBatchJobId] = useState<string | null>(null);
  const { pending, error, setError, submit } = useSubmit();
  // The variants as they are written (null: no generation shown), and why the model was not used.
  const [written, setWritten] = useState<VariantView[] | null>(null);
  const [writing, setWriting] = useState(false);
  const [fallbackReason, setFallbackReason] = useState<string | null>(null);
  const stop = useRef<AbortController | null>(null);
  useEffect(() => () => stop.current?.abort(), []);

  /** One vehicle: the copy streams into the cards, then the result is saved as a draft. */
  const generateOne = async (vehicleId: string, settings: SettingsInput) => {
    setError(null);
    setFallbackReason(null);
    setWritten([]);
    setWriting(true);
    stop.current = new AbortController();
    let done: GenerationDone;
    try {
      done = await streamGeneration(
        { vehicleId, settings, variants: VARIANTS },
        (texts) => setWritten(texts.map((text) => ({ title: "", text }))),
        stop.current.signal,
      );
    } catch (failure) {
      setWritten(null);
      setError(errorMessage(failure));
      return;
    } finally {
      setWriting(false);
    }
    setWritten(done.variants);
    setFallbackReason(done.fallbackReason);
    // What was streamed is what is kept: the server checks it again rather than writing anew.
    const { variants, engine, fallbackReason: reason } = done;
    const result = await submit(() =>
      contentCalls.create({
        vehicleId,
        settings,
        variants: VARIANTS,
        selectedVariant: 0,
        generated: { variants, engine, fallbackReason: reason },
      }),
    );
    if (result.ok) {
      queryClient.setQueryData(contentKeys.detail(result.data.id), result.data);
      void queryClient.invalidateQueries({ queryKey: contentKeys.lists });
      void queryClient.invalidateQueries({ queryKey: contentKeys.stats });
      router.push(contentHref(result.data.id));
    }
  };

  const generate = async () => {
    if (writing) return;
    if (vehicles.length === 0) {
      setError("Choose a vehicle from the inventory first.");
      return;
    }
    const settings = settingsOf(form);
    if (vehicles.length === 1) {
      await generateOne(vehicles[0]!.id, settings);
      return;
    }
    setWritten(null);
    setFallbackReason(null);
    const result = await submit(() =>
      contentCalls.batch({ vehicleIds: vehicles.map((vehicle) => vehicle.id), settings }),
    );
    if (result.ok) setBatchJobId(result.data.id);
  };

  return (
    <div className="space-y-6">
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <Card aria-labelledby="pick-title">
          <CardHeader
            titleId="pick-title"
            title="1. Vehicles"
            description="One car gets three variants to choose from; several run as a batch."
          />
          <CardBody>
            <VehiclePicker selected={vehicles} onChange={setVehicles} />
          </CardBody>
        </Card>
        <Card aria-labelledby="settings-title">
          <CardHeader titleId="settings-title" title="2. Channel and settings" />
          <CardBody className="space-y-5">
            <SettingsPanel value={form} onChange={setForm} />
            {error && <Alert tone="error">{error}</Alert>}
            <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
              <Button onClick={() => void generate()} loading={pending || writing}>
                <SparkIcon className="size-4" />
                {vehicles.length > 1
                  ? `Generate for ${vehicles.length} vehicles`
                  : `Generate ${VARIANTS} variants`}
              </Button>
              <p className="text-xs text-zinc-500 dark:text-zinc-400">
                Every number in the copy comes from the vehicle or your offer.
              </p>
            </div>
          </CardBody>
        </Card>
      </div>
      {written && (
        <Card aria-labelledby="writing-title">
          <CardHeader
            titleId="writing-title"
            title={writing ? "Writing…" : pending ? "Saving the draft…" : "Generated copy"}
            description="Each variant appears as it is written."
          />
          <CardBody className="space-y-4">
            {fallbackReason && <FallbackNotice reason={fallbackReason} />}
            <VariantPicker variants={written} writing={writing} />
          </CardBody>
        </Card>
      )}
      {batchJobId && (
        <Card aria-labelledby="batch-title">
          <CardHeader titleId="batch-title" title="Batch" />
          <CardBody>
            <BatchProgress jobId={batchJobId} />
          </CardBody>
        </Card>
      )}
      <ContentList title="Your content" description="Newest first." />
    </div>
  );
}

function OpenItem({ contentId }: { contentId: string }) {
  const query = useContent(contentId);
  if (query.isPending) return <ListLoading label="Loading the copy…" />;
  if (query.isError)
    return (
      <ListError
        message={query.error.message}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  return <ContentWorkspace item={query.data} />;
}

function GeneratorScreen() {
  const user = useUser();
  const params = useSearchParams();
  const contentId = params.get("id");
  return (
    <>
      <PageHeader
        title="Content"
        description={MODULES.content.description}
        actions={
          <>
            {contentId && (
              <Link href="/content/" className={buttonClasses("ghost", "sm")}>
                New content
              </Link>
            )}
            {hasRole(user.role, MANAGERS) && <ReviewLink />}
          </>
        }
      />
      {contentId ? (
        <OpenItem contentId={contentId} />
      ) : (
        <Studio preselect={params.get("vehicle")} />
      )}
    </>
  );
}

/** The content studio (the seed's ContentGenerator): generate, edit, preview, submit. */
export function ContentGenerator() {
  return (
    <Suspense fallback={<ListLoading label="Loading…" />}>
      <GeneratorScreen />
    </Suspense>
  );
}
