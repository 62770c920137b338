import type { Command } from 'commander';
import { register as registerDp } from './dp.js';
import { register as registerEval } from './eval.js';

/** Each CLI command lives in its own file and exports a `register(program)` listed here. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [registerEval, registerDp];
