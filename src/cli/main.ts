import { Command } from 'commander';
import { commands } from './commands.js';

/** Builds the `bulwark` program; every command registers itself from its own file. */
export function buildProgram(): Command {
  const program = new Command('bulwark')
    .description('Bulwark: a security layer for LLMs — a guarding gateway and a data-protection toolkit')
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of commands) register(program);
  return program;
}
