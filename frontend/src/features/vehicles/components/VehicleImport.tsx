"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { problemMessage } from "@/lib/api/problem";
import { plural } from "@/lib/format";
import { Alert, Badge, Button, Table, Td, Th } from "@/ui";
import { UploadIcon } from "@/ui/icons";

import { vehicleCalls, vehicleKeys } from "../api";

type ImportResult = NonNullable<Awaited<ReturnType<typeof vehicleCalls.importCsv>>["data"]>;

function Mapping({ result }: { result: ImportResult }) {
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
      <Table caption="Column mapping">
        <thead>
          <tr>
            <Th>Column in the file</Th>
            <Th>Fills</Th>
          </tr>
        </thead>
        <tbody>
          {result.columns.map((column) => (
            <tr key={column.header} data-testid="import-column">
              <Td className="font-mono text-xs">{column.header}</Td>
              <Td>
                {column.field ?? <span className="text-zinc-500 dark:text-zinc-400">ignored</span>}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function RowErrors({ result }: { result: ImportResult }) {
  if (result.errors.length === 0) return null;
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {result.errors.length} row{result.errors.length === 1 ? "" : "s"} left out
      </p>
      <ul className="max-h-56 space-y-1 overflow-auto text-sm" aria-label="Row errors">
        {result.errors.map((error) => (
          <li
            key={`${error.line}-${error.message}`}
            data-testid="import-error"
            className="flex gap-2"
          >
            <Badge tone="danger">Line {error.line}</Badge>
            <span className="text-zinc-700 dark:text-zinc-300">{error.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Imports a DMS inventory export (CSV): first a preview of how its columns map and which rows
 * would be left out (nothing written), then the import itself. Valid rows import; invalid rows
 * are reported with their line.
 */
export function VehicleImport({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (chosen: File, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const { data, error: problem, response } = await vehicleCalls.importCsv(chosen, dryRun);
      if (!response.ok || !data) {
        setError(problemMessage(problem, response));
        return;
      }
      if (dryRun) setPreview(data);
      else {
        setDone(data);
        void queryClient.invalidateQueries({ queryKey: vehicleKeys.lists });
      }
    } catch {
      setError(problemMessage(undefined));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4" data-testid="vehicle-import">
      <div className="flex flex-wrap items-center gap-3">
        <label className="inline-flex cursor-pointer items-center gap-2 rounded-lg border border-dashed border-zinc-300 px-4 py-2.5 text-sm text-zinc-700 hover:border-brand-500 dark:border-zinc-700 dark:text-zinc-300">
          <UploadIcon className="size-4" />
          {file ? file.name : "Choose a CSV file"}
          <input
            type="file"
            accept=".csv,text/csv"
            className="sr-only"
            aria-label="Inventory CSV"
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null;
              setFile(chosen);
              setPreview(null);
              setDone(null);
              if (chosen) void send(chosen, true);
            }}
          />
        </label>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Headers are matched loosely (“Stock #”, “VIN”, “Odometer”, “Ext Color”…).
        </p>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {busy && !preview && (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Reading the file…</p>
      )}
      {preview && !done && (
        <div className="space-y-4">
          <Alert tone="info" title="Preview: nothing is saved yet">
            {plural(preview.rows, "row")} read: {preview.created} new, {preview.updated} to update
            (matched by VIN or stock number), {preview.errors.length} left out.
          </Alert>
          <Mapping result={preview} />
          <RowErrors result={preview} />
          <div className="flex gap-2">
            <Button
              loading={busy}
              disabled={preview.created + preview.updated === 0}
              onClick={() => file && void send(file, false)}
            >
              Import {preview.created + preview.updated} vehicle
              {preview.created + preview.updated === 1 ? "" : "s"}
            </Button>
            <Button variant="ghost" onClick={onDone}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {done && (
        <div className="space-y-3">
          <Alert tone="success" title="Imported">
            {plural(done.created, "vehicle")} added, {done.updated} updated
            {done.errors.length > 0 ? `, ${plural(done.errors.length, "row")} left out` : ""}.
          </Alert>
          <RowErrors result={done} />
          <Button variant="secondary" onClick={onDone}>
            Close
          </Button>
        </div>
      )}
    </div>
  );
}
