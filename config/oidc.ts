import { z } from 'zod';
import { ExitCode, UserFacingError } from './errors';
import { secretFromEnv } from './secrets';

/**
 * The Web UI's login through an OpenID Connect provider (the city's identity provider), for
 * `npm run cluster` and `npm start`. When KIEMTRA_OIDC_ISSUER is set, the ui-server asks every
 * visitor to log in at the provider, and the Temporal frontend checks every call's JWT (signature
 * from the provider's JWKS, roles from the token's permissions claim): a supervisor's token says
 * `<namespace>:read`, a coordinator's `<namespace>:write` (docs/supervisors.md).
 */
export interface OidcSettings {
  /** The provider's issuer URL; its `/.well-known/openid-configuration` names the JWKS. */
  issuer: string;
  /** The Web UI's client at the provider (authorization-code flow). */
  clientId: string;
  /** That client's secret, from KIEMTRA_OIDC_CLIENT_SECRET or KIEMTRA_OIDC_CLIENT_SECRET_FILE. */
  clientSecret: string;
  /** Scopes the Web UI asks for: openid, profile, email and KIEMTRA_OIDC_SCOPES. */
  scopes: string[];
  /** The claim of the token that lists the roles (`default:read`, `default:write`, `system:admin`). */
  permissionsClaim: string;
  /** Which token the Web UI forwards to Temporal: the ID token (default) or the access token (a JWT). */
  bearer: 'id-token' | 'access-token';
  /** Where browsers reach the Web UI (the login's callback is `<uiUrl>/auth/sso/callback`). */
  uiUrl?: string;
}

// The ui-server's template (cluster/ui/kiemtra.yaml) cannot quote: only plain YAML scalars pass.
const url = z
  .string()
  .url('phải là một URL, ví dụ https://sso.haiphong.gov.vn/realms/ubnd')
  .refine(
    (u) => /^https?:\/\/[A-Za-z0-9.\-_~:/%?=[\]@]+$/.test(u),
    'phải bắt đầu bằng http:// hoặc https:// và không có dấu cách, #, &, +, dấu nháy',
  );
const plain = /^[A-Za-z0-9._~-]+$/;
const schema = z.object({
  KIEMTRA_OIDC_ISSUER: url,
  KIEMTRA_OIDC_CLIENT_ID: z.string().max(200).regex(plain, 'chỉ gồm chữ, số và . _ ~ -'),
  KIEMTRA_OIDC_SCOPES: z
    .string()
    .regex(/^[A-Za-z0-9._~\- ]*$/, 'chỉ gồm tên scope (chữ, số, . _ ~ -) cách nhau bằng dấu cách')
    .optional(),
  KIEMTRA_OIDC_PERMISSIONS_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9:._\-/]{1,100}$/, 'là tên một claim, ví dụ permissions')
    .optional(),
  KIEMTRA_OIDC_BEARER: z.enum(['id-token', 'access-token'], 'chỉ nhận id-token hoặc access-token').optional(),
  KIEMTRA_UI_PUBLIC_URL: url.optional(),
});

/**
 * The OIDC settings from the environment, or undefined when KIEMTRA_OIDC_ISSUER is not set (the
 * Web UI then has no login and listens on 127.0.0.1 only). A bad or missing value is exit 2 with
 * one line naming the variable.
 */
export function loadOidcSettings(env: NodeJS.ProcessEnv = process.env): OidcSettings | undefined {
  if (!env.KIEMTRA_OIDC_ISSUER) return undefined;
  const parsed = schema.safeParse(
    Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === '' && k !== 'KIEMTRA_OIDC_CLIENT_ID' ? undefined : env[k]])),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const message = env[name] === undefined ? 'chưa đặt (bắt buộc khi đặt KIEMTRA_OIDC_ISSUER)' : issue.message;
    throw new UserFacingError(`${name}${env[name] === undefined ? '' : `="${env[name]}"`} không hợp lệ: ${message}.`, ExitCode.badInput);
  }
  const clientSecret = secretFromEnv(env, 'KIEMTRA_OIDC_CLIENT_SECRET');
  if (!clientSecret)
    throw new UserFacingError(
      'chưa có mật khẩu ứng dụng của Web UI tại nhà cung cấp OIDC: đặt KIEMTRA_OIDC_CLIENT_SECRET hoặc KIEMTRA_OIDC_CLIENT_SECRET_FILE.',
      ExitCode.badInput,
    );
  if (!plain.test(clientSecret))
    throw new UserFacingError(
      'mật khẩu ứng dụng của Web UI (KIEMTRA_OIDC_CLIENT_SECRET) chỉ được gồm chữ, số và . _ ~ -: cấp lại một mật khẩu như vậy tại nhà cung cấp OIDC.',
      ExitCode.badInput,
    );
  const v = parsed.data;
  const extra = (v.KIEMTRA_OIDC_SCOPES ?? '').split(' ').filter(Boolean);
  return {
    issuer: v.KIEMTRA_OIDC_ISSUER.replace(/\/$/, ''),
    clientId: v.KIEMTRA_OIDC_CLIENT_ID,
    clientSecret,
    scopes: [...new Set(['openid', 'profile', 'email', ...extra])],
    permissionsClaim: v.KIEMTRA_OIDC_PERMISSIONS_CLAIM ?? 'permissions',
    bearer: v.KIEMTRA_OIDC_BEARER ?? 'id-token',
    uiUrl: v.KIEMTRA_UI_PUBLIC_URL?.replace(/\/$/, ''),
  };
}

/**
 * The provider's JWKS address, from its discovery document: the Temporal frontend verifies
 * every token against those keys. A provider that does not answer is one Vietnamese line.
 */
export async function discoverJwksUri(issuer: string, timeoutMs = 10_000): Promise<string> {
  const discovery = `${issuer}/.well-known/openid-configuration`;
  let body: unknown;
  try {
    const res = await fetch(discovery, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.json();
  } catch (err) {
    throw new UserFacingError(
      `không đọc được cấu hình của nhà cung cấp OIDC tại ${discovery} (${(err as Error).message}): kiểm tra KIEMTRA_OIDC_ISSUER và mạng.`,
      ExitCode.connection,
    );
  }
  const parsed = z.object({ jwks_uri: url }).safeParse(body);
  if (!parsed.success) throw new UserFacingError(`cấu hình OIDC tại ${discovery} không có jwks_uri hợp lệ.`, ExitCode.connection);
  return parsed.data.jwks_uri;
}

/** The environment the ui-server's template (cluster/ui/kiemtra.yaml) reads for its login. */
export function uiAuthEnv(oidc: OidcSettings | undefined, uiPort: number): NodeJS.ProcessEnv {
  if (!oidc) return { KIEMTRA_UI_AUTH: 'false' };
  return {
    KIEMTRA_UI_AUTH: 'true',
    KIEMTRA_OIDC_ISSUER: oidc.issuer,
    KIEMTRA_OIDC_CLIENT_ID: oidc.clientId,
    KIEMTRA_OIDC_CLIENT_SECRET: oidc.clientSecret,
    KIEMTRA_UI_OIDC_SCOPES: `[${oidc.scopes.join(', ')}]`,
    KIEMTRA_UI_OIDC_CALLBACK: `${oidc.uiUrl ?? `http://localhost:${uiPort}`}/auth/sso/callback`,
    KIEMTRA_UI_OIDC_ID_TOKEN_BEARER: String(oidc.bearer === 'id-token'),
  };
}
