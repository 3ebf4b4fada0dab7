/**
 * Each file's share of an upload in flight, 0-1. The request sends the files in order after a
 * few small form fields, so the bytes of file i are roughly those after the sizes before it; the
 * multipart overhead is spread in proportion.
 */
export function fileProgress(sizes: readonly number[], loaded: number, total: number): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (total <= 0 || sum <= 0) return sizes.map(() => 0);
  const sent = Math.min(sum, (loaded / total) * sum);
  let start = 0;
  return sizes.map((size) => {
    const share = size > 0 ? Math.max(0, Math.min(1, (sent - start) / size)) : 1;
    start += size;
    return share;
  });
}
