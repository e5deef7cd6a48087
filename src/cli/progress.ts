// Progress for commands over many files: a redrawn bar on a TTY, else one line per file.
import type { Style } from './format.js';

export class Progress {
  private done = 0;
  private readonly tty: boolean;
  private drawn = false;
  private readonly t0 = performance.now();

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream,
    private readonly style: Style,
    private readonly quiet = false,
  ) {
    this.tty = !!stream.isTTY && total > 1;
  }

  /** Writes a line above the bar (the bar is redrawn after it). */
  log(line: string): void {
    this.clear();
    this.stream.write(line + '\n');
    this.draw();
  }

  /** One more file done; `label` is what was done (shown as a line when not on a TTY). */
  tick(label: string): void {
    this.done++;
    if (this.tty) this.draw(label);
    else if (!this.quiet) this.stream.write(`[${this.done}/${this.total}] ${label}\n`);
  }

  finish(): void {
    this.clear();
  }

  get elapsedMs(): number {
    return performance.now() - this.t0;
  }

  private clear(): void {
    if (this.tty && this.drawn) {
      this.stream.write('\r\x1b[2K');
      this.drawn = false;
    }
  }

  private draw(label = ''): void {
    if (!this.tty) return;
    const cols = Math.max(40, this.stream.columns ?? 80);
    const width = Math.min(30, cols - 30);
    const filled = Math.round((this.done / this.total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const pct = `${Math.floor((this.done / this.total) * 100)}%`.padStart(4);
    let text = `${this.style.cyan(bar)} ${pct} ${this.done}/${this.total}`;
    const room = cols - width - 16 - String(this.total).length * 2;
    if (label && room > 8) text += ` ${label.length > room ? '…' + label.slice(label.length - room + 1) : label}`;
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }
}
