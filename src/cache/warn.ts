// One-line notices for the user, written synchronously to stderr. The loader hooks run
// on Node's hooks thread, whose process.stderr is forwarded asynchronously to the main
// thread and can be lost when the process exits right away; a direct write to fd 2 is not.
import { writeSync } from 'node:fs';

const said = new Set<string>();

export function notice(message: string): void {
  const text = message.endsWith('\n') ? message : `${message}\n`;
  try {
    writeSync(2, text);
  } catch {
    // stderr closed: nothing useful to do
  }
}

/** Prints `message` the first time `id` is seen in this thread. Returns whether it printed. */
export function noticeOnce(id: string, message: string): boolean {
  if (said.has(id)) return false;
  said.add(id);
  notice(message);
  return true;
}
