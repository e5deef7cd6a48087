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

  /** One more file done: `label` (a path, shortened on the left to fit) and a short styled `note`. */
  tick(label: string, note = ''): void {
    this.done++;
    if (this.tty) this.draw(label, note);
    else if (!this.quiet) this.stream.write(`[${this.done}/${this.total}] ${label}${note ? ' ' + note : ''}\n`);
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

  private draw(label = '', note = ''): void {
    if (!this.tty) return;
    const cols = Math.max(40, this.stream.columns ?? 80);
    const width = Math.min(30, cols - 30);
    const filled = Math.round((this.done / this.total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const pct = `${Math.floor((this.done / this.total) * 100)}%`.padStart(4);
    const count = `${this.done}/${this.total}`;
    let text = `${this.style.cyan(bar)} ${pct} ${count}`;
    const visible = (x: string) => x.replace(/\x1b\[[0-9;]*m/g, '').length;
    let room = cols - 1 - (width + 1 + pct.length + 1 + count.length) - 1;
    if (note && visible(note) + 8 < room) {
      room -= visible(note) + 1;
    } else note = '';
    if (label && room > 4) text += ` ${label.length > room ? '…' + label.slice(label.length - room + 1) : label}${note ? ' ' + note : ''}`;
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }
}
