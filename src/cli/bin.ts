#!/usr/bin/env node
import { buildProgram } from './main.js';

buildProgram(process.argv.slice(2))
  .then((program) => program.parseAsync(process.argv))
  .catch((error: unknown) => {
    console.error(`bulwark: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
