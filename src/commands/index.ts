/** The command registry, in help order. Each area is one small file of declarative command specs. */
import type { CommandSpec } from '../cli/spec.js';
import { commands as config } from './config.js';
import { commands as auth } from './auth.js';
import { commands as contexts } from './contexts.js';
import { commands as clients } from './clients.js';
import { commands as scopes } from './scopes.js';
import { commands as resources } from './resources.js';
import { commands as secrets } from './secrets.js';

export function allCommands(): CommandSpec<any>[] {
  return [...config, ...auth, ...contexts, ...clients, ...scopes, ...resources, ...secrets];
}
