import crypto from 'node:crypto';
import type { Server } from 'node:http';
import { freePort } from './process';

/** A test account of the OIDC provider: who logs in, and the Temporal roles its tokens carry. */
export interface OidcAccount {
  name: string;
  email: string;
  /** The `permissions` claim: `system:read`, `default:read`, `default:write`, … */
  permissions: string[];
}

/** A real OpenID Connect provider (the npm `oidc-provider` package), in the test's process. */
export interface OidcProvider {
  issuer: string;
  /** The Web UI's client (authorization-code flow). */
  ui: { clientId: string; clientSecret: string };
  /** A JWT access token of the service client (client-credentials grant) with these permissions. */
  serviceToken: () => Promise<string>;
  close: () => Promise<void>;
}

/**
 * Starts `oidc-provider` on a free port of 127.0.0.1 with two static clients (the Web UI's, whose
 * callback is `<uiUrl>/auth/sso/callback`, and a service client for the workers) and the given
 * accounts (found by `findAccount`; an unknown login is refused). ID tokens carry the
 * `permissions` claim; the service client's access tokens are JWTs with `servicePermissions`.
 */
export async function startOidcProvider(
  uiUrl: string,
  accounts: Record<string, OidcAccount>,
  servicePermissions: string[],
): Promise<OidcProvider> {
  const { default: Provider } = await import('oidc-provider');
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ui = { clientId: 'kiemtra-web-ui', clientSecret: crypto.randomBytes(24).toString('base64url') };
  const service = { clientId: 'kiemtra-worker', clientSecret: crypto.randomBytes(24).toString('base64url') };
  const resource = 'urn:kiemtra:temporal';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: ui.clientId,
        client_secret: ui.clientSecret,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${uiUrl}/auth/sso/callback`],
      },
      {
        client_id: service.clientId,
        client_secret: service.clientSecret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'kiemtra-test', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    // The permissions claim in the ID token itself (what the Web UI forwards to Temporal).
    claims: { openid: ['sub', 'permissions'], profile: ['name'], email: ['email'] },
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, name: account.name, email: account.email, permissions: account.permissions }),
      };
    },
    features: {
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx: unknown, client: { clientId: string }) => (client.clientId === service.clientId ? resource : undefined),
        getResourceServerInfo: () => ({ scope: 'temporal', audience: resource, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
        useGrantedResource: () => true,
      },
    },
    extraTokenClaims: (_ctx: unknown, token: { kind: string; clientId: string }) =>
      token.kind === 'ClientCredentials' ? { sub: token.clientId, permissions: servicePermissions } : undefined,
    ttl: { ClientCredentials: 7200, IdToken: 3600, AccessToken: 3600 },
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    issuer,
    ui,
    serviceToken: async () => {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${service.clientId}:${service.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=temporal',
      });
      const body = (await res.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`client credentials refused: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Cookies per origin, as a browser keeps them (enough for the login's redirects). */
class CookieJar {
  private readonly jar = new Map<string, Map<string, string>>();
  take(url: string, res: Response): void {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, at).trim(), pair!.slice(at + 1).trim()];
      if (!value || attributes.some((a) => /^\s*max-age=-1/i.test(a))) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(origin, cookies);
  }
  header(url: string): string {
    return [...(this.jar.get(new URL(url).origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).origin)?.get(name);
  }
}

/** What the Web UI's page keeps after a login: the tokens it sends with every API call. */
export interface UiSession {
  accessToken: string;
  idToken: string;
  /** Headers of an API call as the UI's page sends them. */
  headers: Record<string, string>;
}

/**
 * Logs `login` in to the Web UI at `uiUrl` through the real authorization-code flow: the
 * ui-server's /auth/sso, the provider's login and consent forms, the callback; redirects and
 * cookies followed as a browser does. Returns the tokens the ui-server handed the page.
 */
export async function loginThroughUi(uiUrl: string, login: string): Promise<UiSession> {
  const jar = new CookieJar();
  let url = `${uiUrl}/auth/sso`;
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), cookie: jar.header(url) },
    });
    jar.take(url, res);
    init = {};
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
      if (url.replace(/\/$/, '') === uiUrl) break;
      continue;
    }
    const html = await res.text();
    const prompt = /name="prompt" value="(login|consent)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !prompt || !action)
      throw new Error(`login of ${login} stopped at ${url}: ${res.status} ${html.slice(0, 300)}`);
    url = new URL(action, url).toString();
    const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'mật khẩu thử nghiệm' } : { prompt };
    init = { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  const user0 = jar.get(uiUrl, 'user0');
  if (!user0) throw new Error(`login of ${login} ended without the ui-server's user cookie`);
  const user = JSON.parse(Buffer.from(decodeURIComponent(user0), 'base64').toString('utf8')) as { AccessToken: string; IDToken: string };
  const csrf = jar.get(uiUrl, '_csrf') ?? '';
  return {
    accessToken: user.AccessToken,
    idToken: user.IDToken,
    headers: {
      authorization: `Bearer ${user.AccessToken}`,
      'authorization-extras': user.IDToken,
      'x-csrf-token': csrf,
      // The session's cookies (session_start, _csrf), as the browser sends them.
      cookie: jar.header(uiUrl),
      'content-type': 'application/json',
    },
  };
}
