import type { CommandSpec } from '../cli/spec.js';

export const commands: CommandSpec<any>[] = [];
