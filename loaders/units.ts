import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/paths';
import { indexRegistry, registrySchema, type UnitRegistry } from '../domain/unit-registry';
import { parseYamlWith, readDataFile } from './yaml';

/**
 * The registry of units (data/units.yaml, or the file `KIEMTRA_UNITS` names), validated with zod:
 * errors name the file, the line and the field, every one at once.
 */

const WHAT = 'sổ đơn vị';

/** The registry file in use: `KIEMTRA_UNITS`, else the shipped data/units.yaml. */
export function registryFile(): string {
  return process.env.KIEMTRA_UNITS ? path.resolve(process.env.KIEMTRA_UNITS) : path.join(projectRoot, 'data', 'units.yaml');
}

/** Loads and checks a registry file. */
export function loadRegistry(file = registryFile()): UnitRegistry {
  const text = readDataFile(file, WHAT);
  return indexRegistry(parseYamlWith(registrySchema(), text, file, WHAT).units);
}

/** Whether a registry file exists where {@link registryFile} points. */
export function hasRegistry(file = registryFile()): boolean {
  return fs.existsSync(file);
}
