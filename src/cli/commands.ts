import type { Command } from 'commander';

/** Each CLI command lives in its own file and exports a `register(program)` listed here. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [];
