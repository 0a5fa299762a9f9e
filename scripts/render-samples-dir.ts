import path from 'node:path';
import { projectRoot } from '../config/paths';

/** Where the rehearsal documents are committed (`npm run documents:samples`). */
export const SAMPLES_DIR = path.join(projectRoot, 'docs', 'documents');
