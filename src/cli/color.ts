/**
 * The one place colour is made. Whether there is colour at all is decided once, from the streams and the flags
 * (io.ts colorWanted → io.color, or the same test for stderr); chalk only writes the codes, at the level we give
 * it, never at one it guesses from process.stdout (the streams a command writes to are injected). Colour is added
 * after visible() has made untrusted text safe, so the only escape sequences reaching a terminal are these.
 * chalk is loaded on first use, so commands that print no colour never load it.
 */
export interface Palette {
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  /** Faint text for asides (a table's "--wide shows all" line). */
  dim(text: string): string;
}

const plain: Palette = { bold: (t) => t, red: (t) => t, green: (t) => t, yellow: (t) => t, dim: (t) => t };
let coloured: Promise<Palette> | undefined;

/** Styles that colour when `on` (io.color for stdout), and leave the text as it is otherwise. */
export function palette(on: boolean): Promise<Palette> {
  if (!on) return Promise.resolve(plain);
  return (coloured ??= import('chalk').then(({ Chalk }) => {
    const chalk = new Chalk({ level: 1 });
    return { bold: (t: string) => chalk.bold(t), red: (t: string) => chalk.red(t), green: (t: string) => chalk.green(t), yellow: (t: string) => chalk.yellow(t), dim: (t: string) => chalk.dim(t) };
  }));
}
