import { storeContent } from '../activities/documents';
import { documentsDir } from '../config/paths';
import { ExitCode, UserFacingError } from '../config/errors';
import { parseDossierTable, type SampledDossier } from '../domain/dossier-sample';
import { displayLine as shown } from '../domain/safe-text';
import { readTableFile } from './spreadsheet';

/**
 * Reads the team's file of dossiers checked (Mục II.2.b): an .xlsx or a CSV (client/spreadsheet.ts),
 * into rows of cells; then the pure parser of
 * domain/dossier-sample.ts validates them. The file is kept in the content store (by its hash) so
 * the sample names the file it came from.
 */

/** The dossiers of a file, and the file as stored; a bad file is one Vietnamese message, nothing stored. */
export async function readDossierFile(file: string): Promise<{ dossiers: SampledDossier[]; file: { name: string; sha256: string } }> {
  const table = await readTableFile(file, 'tệp kết quả kiểm tra hồ sơ');
  const parsed = parseDossierTable(table.rows);
  if (!parsed.ok) throw new UserFacingError(`${shown(table.name)}: ${parsed.message}.`, ExitCode.badInput);
  const stored = await storeContent(documentsDir(), table.content, table.name, table.type);
  return { dossiers: parsed.dossiers, file: { name: table.name, sha256: stored.sha256 } };
}
