/** A byte count as people read it: 512 B, 3.4 KB, 12.0 MB. */
export const humanBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;
