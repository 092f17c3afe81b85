/** The point on a polyline at fraction t (0..1) of its length. */
export function alongLine(line: readonly (readonly [number, number])[], t: number): [number, number] {
  const seg: number[] = [];
  let total = 0;
  for (let i = 1; i < line.length; i++) {
    const d = Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
    seg.push(d);
    total += d;
  }
  let target = Math.min(Math.max(t, 0), 1) * total;
  for (let i = 0; i < seg.length; i++) {
    if (target <= seg[i]! || i === seg.length - 1) {
      const f = seg[i]! === 0 ? 0 : Math.min(target / seg[i]!, 1);
      const [x0, y0] = line[i]!;
      const [x1, y1] = line[i + 1]!;
      return [x0 + (x1 - x0) * f, y0 + (y1 - y0) * f];
    }
    target -= seg[i]!;
  }
  return [line[0]![0], line[0]![1]];
}
