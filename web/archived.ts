import { LazyRecords, recordNote } from '../client/archive';
import { esc, page } from './pages';

/**
 * A unit's link to a process the engine has deleted after its retention: the page shows the final
 * state the record store kept (docs/records.md), says so, and accepts nothing more.
 */

/** The final state the record store kept for a workflow id, with the note that says where it comes from. */
export async function archivedState(records: LazyRecords, workflowId: string): Promise<{ state: unknown; note: string } | undefined> {
  const record = await (await records.get()).get(workflowId);
  if (!record || record.finalState === null || record.finalState === undefined) return undefined;
  return { state: record.finalState, note: recordNote(record) };
}

/** The receipt of an archived process: what was recorded (`closed`), the facts (`about`, HTML), and the note. */
export function archivedPage(title: string, closed: string | undefined, about: string, note: string): string {
  return page(
    title,
    [
      `<section class="done" role="status"><p>${esc(closed ?? 'Quy trình đã kết thúc.')}</p></section>`,
      `<section>${about}</section>`,
      `<section class="note"><p>${esc(note)}</p><p>Hồ sơ đã kết thúc, không nhận thêm nội dung qua đường dẫn này.</p></section>`,
    ].join('\n'),
  );
}
