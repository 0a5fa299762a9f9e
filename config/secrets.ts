import fs from 'node:fs';
import { ExitCode, UserFacingError } from './errors';

/**
 * A secret from the environment: the variable `name`, else the file named by `<name>_FILE` (its
 * content, trimmed). Undefined when neither is set; an unreadable file is exit 2, naming it.
 */
export function secretFromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value) return value;
  const file = env[`${name}_FILE`];
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    throw new UserFacingError(`không đọc được ${name}_FILE (${file}).`, ExitCode.badInput);
  }
}
