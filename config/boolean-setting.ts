import { ExitCode, UserFacingError } from './user-facing-error';

/**
 * A yes/no setting from the environment: exactly `true` or `false`. Unset is `fallback`; any other
 * value (`TRUE`, `yes`, `on`, `1`, empty) is exit 2 with one line naming the variable, so a typo can
 * never turn a protection such as TLS off in silence.
 */
export function booleanSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UserFacingError(`${name}="${value}" không hợp lệ: chỉ nhận true hoặc false.`, ExitCode.badInput);
}
