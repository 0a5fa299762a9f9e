import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { run } from './helpers/process';

function hasSystemdAnalyze(): boolean {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The systemd units in deploy/ parse without a warning (unknown key, bad value, missing binary). */
describe('deploy/ systemd units', () => {
  it.skipIf(!hasSystemdAnalyze())('pass systemd-analyze verify', async () => {
    const units = ['kiemtra-worker.service', 'kiemtra-web.service'].map((u) => path.join(projectRoot, 'deploy', u));
    const verified = await run('systemd-analyze', ['verify', ...units]);
    expect(verified.code).toBe(0);
    expect(`${verified.stdout}${verified.stderr}`.trim()).toBe('');
  });
});
