import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../config/errors';
import { CENSORED, createLogger, loadLogLevel, redactLinkPath, scrubTokens } from '../config/logging';
import { bindAddress, loadMetricsSettings } from '../config/metrics';
import { defaultBuildId, loadWorkerDeployment } from '../config/worker';

/** The operator's settings: deployment version, logs, metrics (validated once, exit 2 when bad). */
describe('worker deployment settings', () => {
  it('defaults to the kiemtra deployment, a derived build id and promotion when none is current', () => {
    expect(loadWorkerDeployment({})).toEqual({ deploymentName: 'kiemtra', promote: 'if-none' });
    expect(
      loadWorkerDeployment({ KIEMTRA_DEPLOYMENT_NAME: 'kiemtra-hp', KIEMTRA_BUILD_ID: '2026.12.1-a1', KIEMTRA_SET_CURRENT: 'never' }),
    ).toEqual({ deploymentName: 'kiemtra-hp', buildId: '2026.12.1-a1', promote: 'never' });
  });

  it('refuses a deployment name with a dot, a build id with a space, an unknown policy', () => {
    for (const env of [{ KIEMTRA_DEPLOYMENT_NAME: 'kiem.tra' }, { KIEMTRA_BUILD_ID: 'v 2' }, { KIEMTRA_SET_CURRENT: 'sometimes' }]) {
      const variable = Object.keys(env)[0]!;
      expect(() => loadWorkerDeployment(env)).toThrow(UserFacingError);
      expect(() => loadWorkerDeployment(env)).toThrow(new RegExp(`^${variable}=".*" không hợp lệ`));
    }
  });

  it('derives the build id from the package version and the workflow code only', () => {
    const a = defaultBuildId('0.1.0', 'export function inspection() {}');
    expect(a).toMatch(/^0\.1\.0-[0-9a-f]{12}$/);
    expect(defaultBuildId('0.1.0', 'export function inspection() {}')).toBe(a);
    expect(defaultBuildId('0.1.0', 'export function inspection() { return 1; }')).not.toBe(a);
    expect(defaultBuildId('0.2.0', 'export function inspection() {}')).not.toBe(a);
  });
});

describe('metrics settings', () => {
  it('has no endpoint unless an address is set, and reads host:port (IPv6 too)', () => {
    expect(loadMetricsSettings({})).toEqual({ overdueEverySeconds: 60 });
    const s = loadMetricsSettings({
      KIEMTRA_METRICS_ADDRESS: '127.0.0.1:9464',
      KIEMTRA_WEB_METRICS_ADDRESS: '[::1]:9465',
      KIEMTRA_OVERDUE_GAUGE_SECONDS: '30',
    });
    expect(s).toEqual({ worker: { host: '127.0.0.1', port: 9464 }, web: { host: '::1', port: 9465 }, overdueEverySeconds: 30 });
    expect(bindAddress(s.worker!)).toBe('127.0.0.1:9464');
    expect(bindAddress(s.web!)).toBe('[::1]:9465');
  });

  it('refuses an address without a port, a port out of range, a zero period', () => {
    expect(() => loadMetricsSettings({ KIEMTRA_METRICS_ADDRESS: '127.0.0.1' })).toThrow(
      /^KIEMTRA_METRICS_ADDRESS="127.0.0.1" không hợp lệ: phải có dạng host:port/,
    );
    expect(() => loadMetricsSettings({ KIEMTRA_WEB_METRICS_ADDRESS: '127.0.0.1:70000' })).toThrow(/cổng phải từ 1 đến 65535/);
    expect(() => loadMetricsSettings({ KIEMTRA_OVERDUE_GAUGE_SECONDS: '0' })).toThrow(UserFacingError);
  });
});

describe('logs', () => {
  it('reads the level in any case and refuses an unknown one', () => {
    expect(loadLogLevel({})).toBe('info');
    expect(loadLogLevel({ KIEMTRA_LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(() => loadLogLevel({ KIEMTRA_LOG_LEVEL: 'loud' })).toThrow(/^KIEMTRA_LOG_LEVEL="loud" không hợp lệ/);
  });

  it('replaces the token of a page link and drops the query string', () => {
    expect(redactLinkPath('/l/eyJ3IjoiaW5zcGVjdGlvbi0yMDI2.abc_DEF-123')).toBe('/l/[token]');
    expect(redactLinkPath('/l/abc.def?x=1')).toBe('/l/[token]');
    expect(redactLinkPath('/healthz')).toBe('/healthz');
    // A token sent to another path, or after a percent-encoded /l/, is not logged either.
    expect(redactLinkPath('/x/eyJ3IjoiaW5zcGVjdGlvbi0yMDI2.abc_DEF-123/y')).toBe('/x/[token]/y');
    expect(redactLinkPath('/L/abc')).toBe('/L/[token]');
    expect(redactLinkPath('/%6C/eyJ3IjoiaW5zcGVjdGlvbi0yMDI2.abc#frag')).toBe('/%6C/[token]');
  });

  it('replaces a link token anywhere in a written line, whatever wrote it', () => {
    const token = `eyJ2IjoxLCJ3IjoiaW5zcGVjdGlvbi0yMDI2${'.'}${'A'.repeat(42)}Q`;
    expect(scrubTokens(`{"msg":"Route GET:/x/${token} not found"}`)).toBe('{"msg":"Route GET:/x/[token] not found"}');
    expect(scrubTokens(`"${token.replace('.', '%2E')}"`)).toBe('"[token]"');
    expect(scrubTokens('{"msg":"kiemtra.haiphong.gov.vn"}')).toBe('{"msg":"kiemtra.haiphong.gov.vn"}');
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => ((out += chunk.toString()), cb()) });
    createLogger('test', 'info', sink).error({ err: new Error(`bad url /l/${token}`) }, `Reply already sent for ${token}`);
    expect(out).not.toContain(token.split('.')[1]);
    expect(out).toContain('[token]');
  });

  it('writes JSON lines with secrets censored at any depth', () => {
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => ((out += chunk.toString()), cb()) });
    const log = createLogger('test', 'info', sink);
    log.info(
      {
        password: 'p1',
        auth: { pass: 'p2' },
        options: { apiKey: 'k1' },
        headers: { authorization: 'Bearer k2', cookie: 'c' },
        token: 't1',
        unit: 'Sở Y tế',
      },
      'hello',
    );
    const record = JSON.parse(out.trim());
    expect(record).toMatchObject({
      level: 'info',
      msg: 'hello',
      service: 'kiemtra-test',
      unit: 'Sở Y tế',
      password: CENSORED,
      options: { apiKey: CENSORED },
      token: CENSORED,
    });
    for (const secret of ['p1', 'p2', 'k1', 'k2', 't1']) expect(out).not.toContain(`"${secret}"`);
  });
});
