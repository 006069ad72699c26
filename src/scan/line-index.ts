/** Maps string offsets to 1-based line/column pairs and back, built on first use. */
export class LineIndex {
  private starts: number[] | null = null;

  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
    this.starts = starts;
    return starts;
  }

  /** Number of lines (a trailing line break starts one more, empty, line). */
  lineCount(): number {
    return this.lineStarts().length;
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of the start of a 1-based line. */
  startOf(line: number): number {
    const starts = this.lineStarts();
    return starts[Math.min(Math.max(line - 1, 0), starts.length - 1)]!;
  }

  /** Text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.startOf(line);
    const nl = this.text.indexOf("\n", start);
    const end = nl < 0 ? this.text.length : nl;
    return this.text.slice(start, end > start && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end);
  }
}
