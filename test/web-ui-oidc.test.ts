import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { projectRoot } from '../config/paths';
import { privateClusterEnv } from '../scripts/cluster-env';
import { liveDates } from './kit/live-dates';
import { inspectionInput } from './kit/inspection';
import { startOidcProvider, loginThroughUi, type OidcProvider } from './kit/oidc';
import { background, cleanEnv, type Background } from './kit/process';
import { eventually, sharedCalendar } from './kit/temporal';
import { describeWithTools, goTool, postgresTool } from './kit/tools';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery } from '../workflows/inspection/contract';

/**
 * The door on the supervisors' side: `npm run cluster` with KIEMTRA_OIDC_ISSUER pointing at a real
 * OpenID Connect provider (the npm `oidc-provider`, in this process, with a coordinator and a
 * supervisor). The Web UI refuses a call without a login; a supervisor logged in through the
 * authorization-code flow lists the inspections but their terminate is refused by Temporal's JWT
 * authorizer and the inspection still runs; the coordinator's terminate is done. The workers
 * connect with a client-credentials JWT of the same provider.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-oidc-'));
fs.chmodSync(dir, 0o755);
const cal = sharedCalendar();

describeWithTools('the Web UI behind OIDC (npm run cluster)', [goTool(), postgresTool()], () => {
  let oidc: OidcProvider;
  let cluster: Background | undefined;
  let env: NodeJS.ProcessEnv;
  let ui: string;
  let connection: Connection | undefined;
  let client: Client;
  const ids: string[] = [];

  beforeAll(async () => {
    env = await privateClusterEnv(dir, cleanEnv({ KIEMTRA_LOG_LEVEL: 'WARN' }));
    ui = `http://127.0.0.1:${env.KIEMTRA_UI_PORT}`;
    oidc = await startOidcProvider(
      ui,
      {
        nva: { name: 'Nguyễn Văn An', email: 'nva@haiphong.example', permissions: ['system:read', 'default:write'] },
        gsat: { name: 'Trần Thị Giám Sát', email: 'gsat@haiphong.example', permissions: ['system:read', 'default:read'] },
      },
      ['default:write'],
    );
    Object.assign(env, {
      KIEMTRA_OIDC_ISSUER: oidc.issuer,
      KIEMTRA_OIDC_CLIENT_ID: oidc.ui.clientId,
      KIEMTRA_OIDC_CLIENT_SECRET: oidc.ui.clientSecret,
      KIEMTRA_UI_PUBLIC_URL: ui,
      TEMPORAL_API_KEY: await oidc.serviceToken(),
      // The private cluster has no TLS: the token goes over loopback.
      TEMPORAL_TLS: 'false',
    });
    cluster = background(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'cluster.js')], env);
    await cluster.waitFor(/kiemtra cluster đã sẵn sàng/, 1_200_000);
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS!, apiKey: env.TEMPORAL_API_KEY, tls: false });
    client = new Client({ connection });
    const live = liveDates(cal, Date.now());
    for (const unit of ['UBND xã Một Cửa', 'UBND xã Hai Cửa']) {
      const start = inspectionStartOptions(
        { ...inspectionInput(unit, { start: live.visited, end: live.visited }), round: 'oidc-2026' },
        'kiemtra',
      );
      await client.workflow.start(INSPECTION_WORKFLOW, start);
      ids.push(start.workflowId);
    }
  }, 1_300_000);

  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await cluster?.stop('SIGINT');
    await oidc?.close();
  }, 120_000);

  it('says the Web UI has a login, and the frontend refuses a call without a token', async () => {
    expect(cluster!.output()).toContain(`Đăng nhập   OIDC tại ${oidc.issuer}`);
    const anonymous = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
    try {
      const err = await new Client({ connection: anonymous }).workflow
        .getHandle(ids[0]!)
        .describe()
        .catch((e: unknown) => e);
      // gRPC PERMISSION_DENIED.
      expect((err as { cause?: { code?: number } }).cause?.code).toBe(7);
    } finally {
      await anonymous.close();
    }
  });

  it('refuses an unauthenticated request to the Web UI API', async () => {
    const list = `${ui}/api/v1/namespaces/default/workflows`;
    expect((await fetch(list)).status).toBe(401);
    const settings = (await (await fetch(`${ui}/api/v1/settings`)).json()) as { Auth: { Enabled: boolean } };
    expect(settings.Auth.Enabled).toBe(true);
    // The UI sends a visitor to the provider's login.
    const sso = await fetch(`${ui}/auth/sso`, { redirect: 'manual' });
    expect(sso.status).toBe(302);
    expect(sso.headers.get('location')).toMatch(new RegExp(`^${oidc.issuer}/auth\\?`));
  });

  it("lets a supervisor list the inspections but refuses the supervisor's terminate; the coordinator's is done", async () => {
    const supervisor = await loginThroughUi(ui, 'gsat');
    const listed = await fetch(`${ui}/api/v1/namespaces/default/workflows?query=${encodeURIComponent("InspectionRound = 'oidc-2026'")}`, {
      headers: supervisor.headers,
    });
    expect(listed.status).toBe(200);
    const executions = ((await listed.json()) as { executions?: { execution: { workflowId: string } }[] }).executions ?? [];
    expect(executions.map((e) => e.execution.workflowId).sort()).toEqual([...ids].sort());
    // A token the provider did not sign, even with a real session's cookies, is refused.
    const forged = `${Buffer.from('{"alg":"RS256","kid":"kiemtra-test"}').toString('base64url')}.${Buffer.from(`{"sub":"gsat","aud":"${oidc.ui.clientId}","iss":"${oidc.issuer}","permissions":["default:write"]}`).toString('base64url')}.x`;
    const withForged = { ...supervisor.headers, authorization: `Bearer ${forged}`, 'authorization-extras': forged };
    expect((await fetch(`${ui}/api/v1/namespaces/default/workflows`, { headers: withForged })).status).toBe(401);

    const terminate = (id: string, headers: Record<string, string>) =>
      fetch(`${ui}/api/v1/namespaces/default/workflows/${encodeURIComponent(id)}/terminate`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ reason: 'thử chấm dứt từ Web UI' }),
      });
    const refused = await terminate(ids[0]!, supervisor.headers);
    expect(refused.status).toBe(403);
    expect((await client.workflow.getHandle(ids[0]!).describe()).status.name).toBe('RUNNING');
    // The workers, connected with their client-credentials JWT, serve it.
    expect(typeof (await eventually(() => client.workflow.getHandle(ids[0]!).query(stateQuery), 60_000, 'state')).stage).toBe('string');

    const coordinator = await loginThroughUi(ui, 'nva');
    const done = await terminate(ids[1]!, coordinator.headers);
    expect(done.status).toBe(200);
    expect((await client.workflow.getHandle(ids[1]!).describe()).status.name).toBe('TERMINATED');
    // An account the provider does not know cannot log in.
    await expect(loginThroughUi(ui, 'khach')).rejects.toThrow();
  });
});
