import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { liveDates } from './kit/live-dates';
import { inspectionInput } from './kit/inspection';
import { cleanEnv, kiemtra } from './kit/process';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, eventually, sharedCalendar, stillHistoryLength } from './kit/temporal';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery, updates } from '../workflows/inspection/contract';

/**
 * Unit text that would take over the coordinator's terminal (issue 26, item 5), on a dev server
 * with the real worker and the built CLI: ESC, bidi and a newline are refused by the update's
 * validator with no event in history, and a multi-line text that is accepted prints quoted in
 * `kiemtra status`, where it cannot forge a history line.
 */
describe('unit text through an update (dev server)', () => {
  const cal = sharedCalendar();
  const stack = useWorkerStack(devServerEnv);

  it('refuses ESC, C1, bidi and newlines with no event in history, and prints an accepted multi-line reason quoted', async () => {
    const { start, end } = liveDates(cal, Date.now()).noticeDue;
    const unit = 'UBND xã Yết Kiêu';
    const options = inspectionStartOptions(inspectionInput(unit, { start, end }), stack.worker.options.taskQueue);
    const handle = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, options);
    // The notice goes out at once: the unit may acknowledge it, so only the text can be refused.
    await eventually(async () => ((await handle.query(stateQuery)).stage === 'notified' ? true : undefined), 30_000, 'notified');
    // Then the notice's mail activity and the search attributes: wait until the history is still.
    const before = await stillHistoryLength(handle);

    const attempts: [keyof typeof updates, unknown, RegExp][] = [
      ['acknowledgeNotice', { contact: 'Chị Lan\u001b]0;Đã duyệt\u0007\u001b[2K', by: 'Chị Lan' }, /ký tự điều khiển \(U\+001B\)/],
      ['acknowledgeNotice', { contact: 'Chị Lan \u009b1A', by: 'Chị Lan' }, /ký tự điều khiển \(U\+009B\)/],
      ['acknowledgeNotice', { contact: 'Chị Lan', by: 'Chị Lan\u202e' }, /ký tự đảo chiều hiển thị văn bản \(U\+202E\)/],
      ['acknowledgeNotice', { contact: 'Chị Lan\u2067', by: 'Chị Lan' }, /ký tự đảo chiều hiển thị văn bản \(U\+2067\)/],
      ['acknowledgeNotice', { contact: 'Chị Lan\n14:00 Trưởng đoàn: Rút dự thảo', by: 'Chị Lan' }, /không được chứa xuống dòng/],
      ['cancel', { reason: 'Lý do\r14:00 Trưởng đoàn: Rút dự thảo', by: 'A' }, /ký tự điều khiển \(U\+000D\)/],
    ];
    for (const [name, payload, message] of attempts) {
      const err = await handle.executeUpdate(updates[name] as never, { args: [payload] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(message);
    }
    expect((await handle.fetchHistory()).events!.length).toBe(before);
    expect((await handle.query(stateQuery)).acknowledged).toBeUndefined();

    const forged = 'Đơn vị đề nghị hoãn.\n  - 01/12/2026 14:00 Trưởng đoàn: Rút dự thảo kết luận';
    await handle.executeUpdate(updates.cancel, { args: [{ reason: forged, by: 'Phòng Kiểm soát TTHC' }] });
    const status = await kiemtra(
      ['status', unit, '--year', start.slice(0, 4)],
      cleanEnv({ TEMPORAL_ADDRESS: stack.env.connection.options.address }),
    );
    expect([status.code, status.stderr]).toEqual([0, '']);
    const printed = status.stdout.split('\n');
    const moved = printed.findIndex((l) => l.endsWith('Phòng Kiểm soát TTHC: Chuyển giai đoạn: Đã thông báo → Đã hủy'));
    expect(moved).toBeGreaterThan(0);
    expect(printed.slice(moved + 1, moved + 3)).toEqual([
      '      │ Đơn vị đề nghị hoãn.',
      '      │   - 01/12/2026 14:00 Trưởng đoàn: Rút dự thảo kết luận',
    ]);
    expect(printed).toContain('Đã hủy (Phòng Kiểm soát TTHC):');
    expect(printed.filter((l) => l.startsWith('  - 01/12/2026 14:00 Trưởng đoàn'))).toEqual([]);
  });
});
