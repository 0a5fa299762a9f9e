import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { originLabel, resolveIdentity } from '../client/identity';
import { asOrigin, originInterceptor } from '../client/origin-header';
import { projectRoot } from '../config/paths';
import { loadTemporalSettings } from '../config/temporal';
import { record, type HistoryEntry } from '../workflows/kit/history';
import { ORIGIN_HEADER, readOriginHeader, withOrigin, type Origin } from '../workflows/kit/origin';

const machine = { user: () => 'nva', host: () => 'may-dieu-phoi' };
const jwt = (claims: object) =>
  [{ alg: 'RS256', kid: 'k' }, claims].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') + '.signature';

describe('who the client layer acts for', () => {
  it("is the OS user at the host where nothing else is configured (a laptop's npm start)", () => {
    expect(resolveIdentity(loadTemporalSettings({}), machine)).toEqual({ identity: 'nva@may-dieu-phoi', source: 'os-user' });
  });

  it("is the API key's subject when the key is a JWT of the city's OIDC provider", () => {
    const settings = loadTemporalSettings({ TEMPORAL_API_KEY: jwt({ sub: 'tran.thi.b', permissions: ['default:write'] }) });
    expect(resolveIdentity(settings, machine)).toEqual({ identity: 'tran.thi.b', source: 'jwt' });
  });

  it('is the OS user with an opaque API key (it names no one), and drops control and bidi characters', () => {
    expect(resolveIdentity(loadTemporalSettings({ TEMPORAL_API_KEY: 'opaque-cloud-key' }), machine).source).toBe('os-user');
    expect(resolveIdentity(loadTemporalSettings({ TEMPORAL_API_KEY: jwt({ sub: 'ab\u202Ecd\u001b[2J' }) }), machine).identity).toBe(
      'abcd[2J',
    );
  });

  it("is the mTLS client certificate's subject (its CN)", () => {
    const crt = fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'tls', 'coordinator.crt'));
    const settings = loadTemporalSettings({});
    settings.connectionOptions.tls = { clientCertPair: { crt, key: Buffer.from('unused') } };
    expect(resolveIdentity(settings, machine)).toEqual({ identity: 'nva.dieuphoi', source: 'certificate' });
  });
});

describe("an update's origin", () => {
  type Input = { headers: Record<string, Payload> };
  /** The headers the interceptor's `method` passes on to the next one. */
  async function headersSent(method: 'startUpdate' | 'signal' | 'startWithDetails', own?: Origin, given?: Origin) {
    let sent: Record<string, Payload> | undefined;
    const next = (input: Input) => {
      sent = input.headers;
      return Promise.resolve(undefined as never);
    };
    const call = originInterceptor(own)[method] as unknown as (input: Input, next: (i: Input) => Promise<never>) => Promise<unknown>;
    await asOrigin(given, () => call({ headers: {} }, next));
    return sent;
  }

  it("goes in the kiemtra-via header of every update, signal and start: the client's identity, or as given (a unit's link)", async () => {
    const own: Origin = { channel: 'cli', identity: 'nva@may' };
    for (const method of ['startUpdate', 'signal', 'startWithDetails'] as const)
      expect(readOriginHeader(await headersSent(method, own))).toEqual({ origin: own, valid: true });
    const link: Origin = { channel: 'link', identity: 'UBND xã Yết Kiêu' };
    expect(readOriginHeader(await headersSent('startUpdate', { channel: 'client', identity: 'web@may' }, link))).toEqual({
      origin: link,
      valid: true,
    });
    expect(await headersSent('startUpdate')).toEqual({});
  });

  it('is read back from the header; none is fine, a malformed one is not valid', () => {
    expect(readOriginHeader({})).toEqual({ valid: true });
    expect(readOriginHeader(undefined)).toEqual({ valid: true });
    expect(readOriginHeader({ [ORIGIN_HEADER]: defaultPayloadConverter.toPayload({ channel: 'cli', identity: 'a\nb' }) })).toEqual({
      valid: false,
    });
    expect(readOriginHeader({ [ORIGIN_HEADER]: defaultPayloadConverter.toPayload('nva') })).toEqual({ valid: false });
    expect(readOriginHeader({ [ORIGIN_HEADER]: { metadata: { encoding: Buffer.from('binary/rot13') }, data: Buffer.from('x') } })).toEqual({
      valid: false,
    });
  });

  it('is recorded on the history entries its apply writes, apart from the free-text actor, and shown so', () => {
    const history: HistoryEntry[] = [];
    withOrigin({ channel: 'cli', identity: 'nva@may' }, () => record(history, { actor: 'UBND xã Yết Kiêu', action: 'Ghi nhận' }));
    record(history, { actor: 'hệ thống', action: 'Nhắc hạn' });
    expect(history.map((h) => h.via)).toEqual([{ channel: 'cli', identity: 'nva@may' }, undefined]);
    expect(originLabel(history[0]!.via!)).toBe('người dùng nva@may trên dòng lệnh');
    expect(originLabel({ channel: 'link', identity: 'UBND xã Yết Kiêu' })).toBe('qua đường dẫn gửi UBND xã Yết Kiêu');
  });
});
