import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withPayloadOrigin } from '../client/connect';
import { originLabel, resolveIdentity } from '../client/identity';
import { projectRoot } from '../config/paths';
import { loadTemporalSettings } from '../config/temporal';
import { record, type HistoryEntry } from '../workflows/kit/history';
import { splitOrigin, withOrigin } from '../workflows/kit/origin';
import { parsePayload } from '../workflows/kit/refusal';
import { z } from '../domain/validation';

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
  it("goes with the payload as the client's identity, or as given (a unit's link)", () => {
    expect(withPayloadOrigin({ by: 'UBND xã Yết Kiêu' }, undefined, 'nva@may')).toEqual({
      by: 'UBND xã Yết Kiêu',
      via: { channel: 'cli', identity: 'nva@may' },
    });
    expect(withPayloadOrigin({ by: 'x' }, { channel: 'link', identity: 'UBND xã Yết Kiêu' }, 'page-server')).toEqual({
      by: 'x',
      via: { channel: 'link', identity: 'UBND xã Yết Kiêu' },
    });
    expect(withPayloadOrigin({ by: 'x' }, undefined, undefined)).toEqual({ by: 'x' });
  });

  it("is left out before the update's strict schema parses the payload, and a malformed one is refused", () => {
    const schema = z.strictObject({ by: z.string() });
    expect(parsePayload(schema, { by: 'a', via: { channel: 'cli', identity: 'nva@may' } }, 'x')).toEqual({ by: 'a' });
    expect(() => parsePayload(schema, { by: 'a', via: { channel: 'cli', identity: 'a\nb' } }, 'x')).toThrow(/nguồn gửi/);
    expect(splitOrigin({ by: 'a' })).toEqual({ rest: { by: 'a' }, valid: true });
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
