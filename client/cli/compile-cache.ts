import module from 'node:module';

/**
 * Node's on-disk compile cache for the CLI's modules (Node 22.1 and later): each `kiemtra` call
 * is a new process that loads the Temporal client, zod and the command modules, and compiling them
 * again each time is most of a call's start-up. Imported first by cli.ts, so it is on before the
 * others load. `NODE_COMPILE_CACHE` (a folder) or `NODE_DISABLE_COMPILE_CACHE=1` still decide.
 */
if (!process.env.NODE_DISABLE_COMPILE_CACHE) module.enableCompileCache?.();
