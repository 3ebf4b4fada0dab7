import { Table, Td, Th } from "@/ui";

import type { Scene } from "../../api";

function seconds(value: number): string {
  const whole = Math.round(value * 10) / 10;
  const minutes = Math.floor(whole / 60);
  const rest = (whole - minutes * 60).toFixed(whole % 1 ? 1 : 0).padStart(2, "0");
  return `${minutes}:${rest}`;
}

/** A video script as the crew reads it: one row a scene, timed. */
export function VideoPreview({ scenes, text }: { scenes: Scene[]; text: string }) {
  if (scenes.length === 0) {
    return (
      <pre
        className="whitespace-pre-wrap rounded-xl border border-zinc-200 p-4 text-sm dark:border-zinc-800"
        data-testid="video-preview"
      >
        {text}
      </pre>
    );
  }
  const total = scenes[scenes.length - 1]!.endSeconds;
  return (
    <div
      className="overflow-hidden rounded-xl border border-zinc-200 dark:border-zinc-800"
      data-testid="video-preview"
    >
      <p className="border-b border-zinc-200 px-5 py-2.5 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        {scenes.length} scenes · {seconds(total)} total
      </p>
      <Table caption="Video script scenes">
        <thead>
          <tr>
            <Th className="w-12">#</Th>
            <Th className="w-28">Time</Th>
            <Th>Shot</Th>
            <Th>Voice-over</Th>
            <Th>On screen</Th>
          </tr>
        </thead>
        <tbody>
          {scenes.map((scene) => (
            <tr key={scene.number} data-testid="scene">
              <Td className="tabular-nums">{scene.number}</Td>
              <Td className="whitespace-nowrap tabular-nums">
                {seconds(scene.startSeconds)}–{seconds(scene.endSeconds)}
              </Td>
              <Td>{scene.shot}</Td>
              <Td>{scene.voiceOver}</Td>
              <Td className="font-medium">{scene.onScreenText}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
