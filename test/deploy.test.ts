import path from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { run } from './kit/process';
import { describeWithTools, systemdAnalyzeTool } from './kit/tools';

/** The systemd units in deploy/ parse without a warning (unknown key, bad value, missing binary). */
describeWithTools('deploy/ systemd units', [systemdAnalyzeTool()], () => {
  it('pass systemd-analyze verify', async () => {
    const units = ['kiemtra-worker.service', 'kiemtra-web.service'].map((u) => path.join(projectRoot, 'deploy', u));
    const verified = await run('systemd-analyze', ['verify', ...units]);
    expect(verified.code).toBe(0);
    expect(`${verified.stdout}${verified.stderr}`.trim()).toBe('');
  });
});
