import { Command } from 'commander';
import { commandModules } from './commands.js';

/**
 * Builds the `bulwark` program. Given the arguments, only the command they name is loaded; without
 * one (help, a typo) every command is, so help and suggestions list them all.
 */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command('bulwark')
    .description('Bulwark: a security layer for LLMs — a guarding gateway and a data-protection toolkit')
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  const name = args.find((a) => !a.startsWith('-'));
  const wanted =
    name !== undefined && Object.hasOwn(commandModules, name) ? [name] : Object.keys(commandModules);
  const modules = await Promise.all(wanted.flatMap((n) => commandModules[n]!.map((load) => load())));
  for (const { register } of modules) register(program);
  return program;
}
