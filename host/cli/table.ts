/**
 * A plain-text table for the CLI: a header, a rule of dashes, then the rows, columns two spaces
 * apart and as wide as their widest cell. Columns `alignRight` names (counts) are right-aligned.
 */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[], alignRight: (column: number) => boolean = () => false): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    widths
      .map((w, i) => (alignRight(i) ? (cells[i] ?? '').padStart(w) : (cells[i] ?? '').padEnd(w)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
