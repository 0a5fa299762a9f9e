import fs from 'node:fs/promises';
import path from 'node:path';
import { storeContent } from '../activities/documents';
import { documentsDir } from '../config/paths';
import { ExitCode, UserFacingError } from '../config/errors';
import { displayLine as shown } from '../domain/safe-text';

/** The largest evidence file a finding names. */
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Puts a file the team cites as a finding's evidence into the content store (named by its hash,
 * beside the documents), and returns how the finding names it. A missing or oversized file is one
 * Vietnamese message, nothing stored.
 */
export async function storeEvidenceFile(file: string): Promise<{ sha256: string; name: string }> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new UserFacingError(`không đọc được tệp ${shown(file)}.`, ExitCode.badInput);
  if (stat.size > MAX_BYTES) throw new UserFacingError(`tệp ${shown(file)} lớn hơn 20 MB.`, ExitCode.badInput);
  const name = path.basename(file).normalize('NFC');
  const stored = await storeContent(documentsDir(), await fs.readFile(file), name, 'application/octet-stream');
  return { sha256: stored.sha256, name };
}
