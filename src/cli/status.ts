/**
 * One line of status on stderr, redrawn in place: spinners while a command waits or reads a large tenant, progress
 * while it writes. Only for someone watching a terminal (canAnimate: never when stderr is piped, never under CI,
 * whose logs would keep every redraw); elsewhere the helpers return undefined or do nothing.
 */
import { canAnimate, type IO } from './io.js';

/** Carriage return and "erase the line" (cursor control, not colour). */
export const CLEAR_LINE = '\r\x1b[2K';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface StatusLine {
  /** Redraws the line; at most one redraw per `minIntervalMs` unless `force` (e.g. the last one). */
  show(text: string, force?: boolean): void;
  /** Erases the line. */
  clear(): void;
}

/** A status line on stderr, or undefined when nobody watches a terminal. */
export function statusLine(io: IO, minIntervalMs = 50, clock: () => number = Date.now): StatusLine | undefined {
  if (!canAnimate(io)) return undefined;
  let last = -Infinity;
  return {
    show(text, force = false) {
      const now = clock();
      if (!force && now - last < minIntervalMs) return;
      last = now;
      io.stderr.write(`${CLEAR_LINE}${text}`);
    },
    clear: () => void io.stderr.write(CLEAR_LINE),
  };
}

/** A spinner: `text(frame)` redrawn every `everyMs` until stop() (which erases it). Nothing when nobody watches. */
export function spinner(io: IO, text: (frame: string) => string, everyMs = 80): { stop(): void } {
  const line = statusLine(io, 0);
  if (!line) return { stop() {} };
  let i = 0;
  const draw = () => line.show(text(FRAMES[i++ % FRAMES.length]!));
  draw();
  const timer = setInterval(draw, everyMs);
  timer.unref?.();
  return {
    stop() {
      clearInterval(timer);
      line.clear();
    },
  };
}
