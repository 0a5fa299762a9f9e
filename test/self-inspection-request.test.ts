import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, localDateOf } from '../domain/dates';
import { REPORT_FORMS, REPORT_ITEMS } from '../domain/report-outline';
import { nextSendMoment } from '../domain/send-times';
import { SELF_INSPECTION_WORKFLOW, selfInspectionStartOptions, selfInspectionStateQuery } from '../workflows/self-inspection/contract';
import { saveHistory } from './kit/histories';
import { clock, inspectionInput, skipTo } from './kit/inspection';
import { useWorkerStack } from './kit/stack';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';

/**
 * A unit outside the round hears of its duty when the self-inspection starts, not five working days
 * before the deadline: the request goes out at the first sending moment, through a real SMTP
 * server, and carries the outline of Phụ lục I and the forms of Thông tư 01/2020/TT-VPCP.
 */
const cal = sharedCalendar();
const stack = useWorkerStack(timeSkippingEnv);

describe('the self-inspection request (time-skipping, SMTP)', () => {
  it('asks the unit at the first 08:00 after the start, with every item of the outline and every form', async () => {
    const { now, today } = await clock(stack.env);
    const input = inspectionInput('Sở Công Thương', { start: today, end: today });
    const handle = await stack.env.client.workflow.start(
      SELF_INSPECTION_WORKFLOW,
      selfInspectionStartOptions(
        {
          round: 'self-request',
          year: Number(today.slice(0, 4)),
          unit: input.unit,
          before: cal.addWorkingDays(today, 20),
          basis: 'khoản 4 Mục V của Kế hoạch kiểm tra',
          contacts: input.contacts,
        },
        stack.worker.options.taskQueue,
      ),
    );
    const due = nextSendMoment(cal, now);
    const first = await eventually(
      async () => {
        const s = await handle.query(selfInspectionStateQuery);
        return s.pending.length ? s : undefined;
      },
      20_000,
      'the self-inspection to load',
    );
    expect(first.pending[0]).toEqual({
      at: new Date(due).toISOString(),
      label: 'Đề nghị tự kiểm tra và gửi báo cáo theo Đề cương Phụ lục I',
    });

    await skipTo(stack.env, localDateOf(due), '08:30');
    const after = await eventually(
      async () => {
        const s = await handle.query(selfInspectionStateQuery);
        return s.emails[0]?.status === 'sent' ? s : undefined;
      },
      20_000,
      'the request to be sent',
    );
    expect(after.emails.map((e) => `${e.kind} @ ${formatLocalDateTime(Date.parse(e.requestedAt))}`)).toEqual([
      `self_inspection_request @ ${formatLocalDateTime(due)}`,
    ]);
    const mail = stack.smtp.messages.find(
      (m) => m.envelopeTo.includes(input.unit.emails[0]!) && /Đề nghị tự kiểm tra/.test(m.parsed.subject ?? ''),
    );
    const text = mail?.parsed.text ?? '';
    for (const item of REPORT_ITEMS) expect(text).toContain(item.label);
    for (const form of REPORT_FORMS) expect(text).toContain(form.label);
    await saveHistory(stack.env, handle.workflowId, 'self-inspection-requested-at-start');
    await handle.terminate('test done');
  });
});
