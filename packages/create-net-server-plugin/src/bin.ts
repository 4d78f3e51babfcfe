#!/usr/bin/env node
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  // Questions only for a person at a terminal: piped or scripted runs get a usage error naming what to pass.
  prompt: { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true && process.stdout.isTTY === true, terminal: true },
});
