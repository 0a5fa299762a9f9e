import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { executeUpdateRetrying } from '../client/connect';
import { rescheduleInspection } from '../client/reschedule';
import { newSubmissionId, submissionUpdateId } from '../client/submission';
import { planTaskInputs } from '../client/tasks';
import { projectRoot } from '../config/paths';
import { addDays, localDateOf, type LocalDate } from '../domain/dates';
import type { LinkAction } from '../domain/links';
import { periodBefore, reportDue } from '../domain/periods';
import { loadTaskPlan } from '../loaders/task-plan';
import { reissueLink } from '../workflows/links';
import {
  INSPECTION_WORKFLOW,
  inspectionStartOptions,
  type InspectionInput,
  type InspectionState,
  stateQuery,
  updates,
} from '../workflows/inspection/contract';
import { PERIODIC_REPORT_TYPE, recordPeriodicReport } from '../workflows/periodic-report/contract';
import { cancelTask, completeTask, extendTask, PLAN_TASK_TYPE, planTaskStartOptions } from '../workflows/plan-task/contract';
import { recordSelfInspectionReport, SELF_INSPECTION_WORKFLOW, selfInspectionStartOptions } from '../workflows/self-inspection/contract';
import { saveHistory } from './kit/histories';
import { inspectionInput, periodicReportStart } from './kit/inspection';
import { liveDates } from './kit/live-dates';
import { cleanEnv, kiemtra } from './kit/process';
import { eventually, sharedCalendar } from './kit/temporal';
import { openForm, postForm, useWebStack } from './kit/web';

/**
 * Each submission counts once (issue 26, item 3): 8 parallel posts of each unit's form, with the
 * same submission id (a double click) and with 8 different ones (8 tabs), and 8 parallel sends of
 * each coordinator update through the CLI's helper, record exactly one; the others get the first
 * result or a clear Vietnamese refusal, and no workflow task fails. `kiemtra report` a second time
 * is refused; `--replace --reason` replaces the report and clears its findings. Real HTTP, a real
 * page server, the built CLI, a Temporal dev server.
 */
describe('each submission counts once (8 in parallel, dev server)', () => {
  const stack = useWebStack({ ratePerMinute: 1000 });
  const cal = sharedCalendar();
  const today = () => localDateOf(Date.now());
  const dates = () => liveDates(cal, Date.now());
  const queue = () => stack.worker.options.taskQueue;
  const EIGHT = Array.from({ length: 8 }, (_, i) => i);

  /** Starts an inspection and, unless `loading`, waits until it has loaded its calendar. */
  async function start(input: InspectionInput, loading = false) {
    const o = inspectionStartOptions(input, queue());
    const handle = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, o);
    if (!loading)
      await eventually(
        async () => ((await handle.query(stateQuery)).deadlines.length ? true : undefined),
        30_000,
        'the inspection to load',
      );
    return handle;
  }
  const notified = (unit: string) =>
    start(inspectionInput(unit, dates().noticeDue)).then(async (h) => {
      await eventually(async () => ((await h.query(stateQuery)).stage === 'notified' ? true : undefined), 30_000, 'the notice');
      return h;
    });
  const onSite = (unit: string) => {
    const v = dates().visited;
    return start({ ...inspectionInput(unit, { start: v, end: v }, 'surprise'), current: { stage: 'on_site' } }, true);
  };
  const drafting = async (unit: string) => {
    const v = dates().visited;
    const h = await start({
      ...inspectionInput(unit, { start: v, end: v }, 'surprise'),
      current: { stage: 'drafting', openingMeeting: v, closingMeeting: { date: v, preliminaryResults: 'Sơ bộ' } },
    });
    await h.executeUpdate(updates.issueDraftConclusion, {
      args: [{ issuedOn: today(), responseBy: dates().responseBy, recommendations: ['Niêm yết đủ TTHC'], by: 'Phòng KSTTHC' }],
    });
    return h;
  };
  const remediating = (unit: string) => {
    const v = dates().visited;
    return start({
      ...inspectionInput(unit, { start: v, end: v }, 'surprise'),
      current: {
        stage: 'remediating',
        openingMeeting: v,
        closingMeeting: { date: v, preliminaryResults: 'Sơ bộ' },
        conclusion: { signer: 'Trần Văn B', signedOn: v, recommendations: [{ text: 'Niêm yết đủ TTHC', deadline: dates().remediationBy }] },
      },
    });
  };
  const selfInspection = async (unit: string) => {
    const before = cal.addWorkingDays(today(), 20);
    const base = inspectionInput(unit, dates().noticeLater);
    const o = selfInspectionStartOptions(
      { round: 'once', year: Number(before.slice(0, 4)), unit: base.unit, before, basis: 'Kế hoạch, Mục V.4', contacts: base.contacts },
      queue(),
    );
    const handle = await stack.env.client.workflow.start(SELF_INSPECTION_WORKFLOW, o);
    await eventually(async () => (await stateOf(handle)).deadline, 30_000, 'the self-inspection to load');
    return handle;
  };
  const periodicReport = async (unit: string) => {
    const base = inspectionInput(unit, dates().noticeLater);
    const period = periodBefore('monthly', today());
    const o = periodicReportStart(base, period, reportDue(cal, period, 3));
    const handle = await stack.env.client.workflow.start(PERIODIC_REPORT_TYPE, { ...o, taskQueue: queue() });
    await eventually(async () => (await stateOf(handle)).deadline, 30_000, 'the periodic report to load');
    return handle;
  };
  /** Every type's state query is named `state`: read through the inspection's definition, only what all have. */
  const stateOf = (h: WorkflowHandle) =>
    h.query(stateQuery) as unknown as Promise<{ history: { action: string; actor: string }[]; deadline?: unknown }>;

  /** What the history says of each update sent by name: how many were accepted and completed, refused in the handler; failed tasks. */
  async function ledger(h: WorkflowHandle) {
    const events = (await h.fetchHistory()).events ?? [];
    const names = new Map<string, string>();
    const done: Record<string, number> = {};
    const refusedInHandler: Record<string, number> = {};
    for (const e of events) {
      const a = e.workflowExecutionUpdateAcceptedEventAttributes;
      if (a) names.set(a.acceptedRequest!.meta!.updateId!, a.acceptedRequest!.input!.name!);
      const c = e.workflowExecutionUpdateCompletedEventAttributes;
      if (c) {
        const name = names.get(c.meta!.updateId!)!;
        const into = c.outcome?.success ? done : refusedInHandler;
        into[name] = (into[name] ?? 0) + 1;
      }
    }
    return {
      done,
      refusedInHandler,
      failedTasks: events.filter((e) => e.workflowTaskFailedEventAttributes).length,
      markers: events.filter((e) => e.markerRecordedEventAttributes).length,
    };
  }

  /** Saves a history once its workflow has completed (the saved histories are whole executions). */
  async function saveWhole(h: WorkflowHandle, name: string) {
    await eventually(
      async () => ((await h.describe()).status.name === 'RUNNING' ? undefined : true),
      30_000,
      `${h.workflowId} to complete`,
    );
    await saveHistory(stack.env, h.workflowId, name);
  }

  const link = (id: string, action: LinkAction, unit: string) =>
    stack.sign({ v: 1, w: id, a: action, u: unit, exp: addDays(today(), 60), g: 0 });
  const submissionOf = (html: string) => /name="_submission" value="([^"]+)"/.exec(html)?.[1];

  /** 8 parallel posts of a unit's form: one form posted 8 times, or 8 forms (8 tabs) posted once each. */
  async function eightPosts(url: string, fields: Record<string, string>, sameForm: boolean) {
    const one = sameForm ? await openForm(url) : undefined;
    const forms = one ? EIGHT.map(() => one) : await Promise.all(EIGHT.map(() => openForm(url)));
    for (const f of forms) expect(submissionOf(f.html)).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    if (!sameForm) expect(new Set(forms.map((f) => submissionOf(f.html))).size).toBe(8);
    return Promise.all(forms.map((f) => postForm(url, { _csrf: f.csrf!, _submission: submissionOf(f.html)!, ...fields }, [], f.cookie)));
  }

  const UNIT_ACTIONS: {
    action: LinkAction;
    update: string;
    open: (unit: string) => Promise<WorkflowHandle>;
    fields: Record<string, string>;
    /** The history line the action records (once). */
    line: RegExp;
  }[] = [
    { action: 'ack', update: 'acknowledgeNotice', open: notified, fields: { contact: 'Nguyễn Văn An' }, line: /^Đơn vị xác nhận/ },
    {
      action: 'report',
      update: 'recordReport',
      open: notified,
      fields: { ind_onlineReceived: '74,5', ind_satisfaction: '96' },
      line: /^Ghi nhận báo cáo phục vụ kiểm tra$/,
    },
    { action: 'response', update: 'recordUnitResponse', open: drafting, fields: { accepted: 'yes' }, line: /^Đơn vị tiếp thu/ },
    {
      action: 'remediation',
      update: 'recordRemediationReport',
      open: remediating,
      fields: { done_R1: 'yes', evidence_R1: 'Đã niêm yết đủ 312 TTHC' },
      line: /^Ghi nhận báo cáo kết quả khắc phục$/,
    },
    {
      action: 'self',
      update: 'recordReport',
      open: selfInspection,
      fields: { ind_onlineReceived: '85' },
      line: /^Nhận báo cáo tự kiểm tra/,
    },
    {
      action: 'periodic',
      update: 'recordPeriodicReport',
      open: periodicReport,
      fields: { ind_onlineReceived: '64' },
      line: /^Nhận báo cáo /,
    },
  ];

  describe.each([
    ['the same form (a double click)', true],
    ['8 forms (8 tabs)', false],
  ] as const)('a unit’s form posted 8 times in parallel, %s', (_, sameForm) => {
    it.each(UNIT_ACTIONS.map((a) => [a.action, a] as const))(
      '%s: recorded once; the others get the receipt; no task fails',
      async (action, a) => {
        const unit = `UBND xã Một Lần ${action} ${sameForm ? 'A' : 'B'}`;
        const h = await a.open(unit);
        const answers = await eightPosts(link(h.workflowId, action, unit), a.fields, sameForm);
        const statuses = answers.map((r) => r.status);
        // Every answer is the receipt (303 to the page that shows it) or the page saying it was already done.
        expect(statuses.filter((s) => s !== 303 && s !== 409)).toEqual([]);
        expect(statuses.filter((s) => s === 303).length).toBeGreaterThanOrEqual(1);
        if (!sameForm) expect(statuses.filter((s) => s === 303)).toHaveLength(1);
        for (const r of answers.filter((x) => x.status === 409)) {
          expect(r.html).toContain('Việc này đã được thực hiện');
          expect(r.html).toContain('Lần gửi này không được ghi nhận');
          expect(r.html).not.toMatch(/already|not allowed|illegal|inspection-|report-/i);
        }
        const s = await stateOf(h);
        expect(s.history.filter((e) => a.line.test(e.action)).map((e) => e.actor)).toEqual([unit]);
        const l = await ledger(h);
        expect(l.done[a.update]).toBe(1);
        expect(l.failedTasks).toBe(0);
        if (action === 'report') {
          const findings = (s as unknown as InspectionState).findings.filter((f) => f.source === 'kpi').map((f) => f.text);
          expect(findings).toEqual(['Hồ sơ tiếp nhận trực tuyến 74,5% < 80%']);
        }
      },
      120_000,
    );
  });

  /** Sends one update 8 times in parallel through the CLI's helper, with one submission id or 8. */
  async function eightUpdates<Arg>(h: WorkflowHandle, def: UpdateDefinition<unknown, [Arg]>, arg: Arg, sameId: boolean) {
    const one = newSubmissionId();
    const results = await Promise.all(
      EIGHT.map(() =>
        executeUpdateRetrying(h, def, arg, { updateId: submissionUpdateId(def.name, sameId ? one : newSubmissionId()) }).then(
          (r) => ({ ok: true as const, r }),
          (err: unknown) => ({ ok: false as const, err }),
        ),
      ),
    );
    for (const x of results) {
      if (x.ok) continue;
      // A clear refusal: the workflow's Vietnamese message, or the process has ended.
      if (x.err instanceof WorkflowNotFoundError) continue;
      expect(x.err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((x.err as WorkflowUpdateFailedError).cause?.message).toMatch(/[ạảãáàâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữíìịỉĩ]/);
    }
    const ok = results.filter((x) => x.ok);
    if (sameId) expect(ok.map((x) => JSON.stringify(x.r))).toEqual(ok.map(() => JSON.stringify(ok[0]!.r)));
    return ok.length;
  }

  describe.each([
    ['one submission id', true],
    ['8 submission ids', false],
  ] as const)('each coordinator update sent 8 times in parallel with %s', (_, sameId) => {
    const tag = sameId ? 'A' : 'B';
    it('every inspection update, through every stage to closed: each recorded once, no task fails', async () => {
      const h = await onSite(`Sở Một Lần ${tag}`);
      const v = dates().visited;
      const d = dates();
      // Sent at once, while the inspection may still be loading: the handlers check again after waiting.
      await eightUpdates(h, updates.recordReport, { receivedOn: today(), indicators: { onlineReceived: 60 }, by: 'A' }, sameId);
      await eightUpdates(h, updates.recordOpeningMeeting, { date: v, by: 'A' }, sameId);
      await eightUpdates(h, updates.recordFinding, { text: 'Chưa niêm yết TTHC tại bộ phận một cửa.', by: 'A' }, sameId);
      await eightUpdates(h, updates.recordClosingMeeting, { date: v, preliminaryResults: 'Sơ bộ', by: 'A' }, sameId);
      await eightUpdates(
        h,
        updates.issueDraftConclusion,
        { issuedOn: today(), responseBy: d.responseBy, recommendations: ['Khắc phục'], by: 'A' },
        sameId,
      );
      await eightUpdates(h, updates.recordUnitResponse, { receivedOn: today(), accepted: true, by: 'A' }, sameId);
      await eightUpdates(
        h,
        updates.signConclusion,
        {
          signer: 'Trần Văn B',
          signedOn: today(),
          recommendations: [
            { text: 'Khắc phục 1', deadline: d.remediationBy },
            { text: 'Khắc phục 2', deadline: d.remediationBy },
          ],
          by: 'A',
        },
        sameId,
      );
      await eightUpdates(
        h,
        updates.recordRemediationReport,
        { receivedOn: today(), done: [{ id: 'R1', evidence: 'Xong' }], by: 'A' },
        sameId,
      );
      await eightUpdates(
        h,
        updates.recordRemediationReport,
        { receivedOn: today(), done: [{ id: 'R2', evidence: 'Xong' }], by: 'A' },
        sameId,
      );
      const s = await h.query(stateQuery);
      expect(s.stage).toBe('closed');
      expect(s.findings.map((f) => `${f.source}: ${f.text}`)).toEqual([
        'kpi: Hồ sơ tiếp nhận trực tuyến 60% < 80%',
        'team: Chưa niêm yết TTHC tại bộ phận một cửa.',
      ]);
      const l = await ledger(h);
      expect(l.done).toEqual({
        recordReport: 1,
        recordOpeningMeeting: 1,
        recordFinding: 1,
        recordClosingMeeting: 1,
        issueDraftConclusion: 1,
        recordUnitResponse: 1,
        signConclusion: 1,
        recordRemediationReport: 2,
      });
      expect(l.failedTasks).toBe(0);
      process.stderr.write(
        `submit-once (${tag}): refused in the handler after waiting: ${JSON.stringify(l.refusedInHandler)}; patch markers ${l.markers}\n`,
      );
      await saveWhole(h, `kit-repeats-refused-8-parallel-${sameId ? 'one-id' : 'eight-ids'}`);
    }, 180_000);

    it('acknowledgement, reschedule (through the round check), link re-issue and cancel: each recorded once', async () => {
      const h = await notified(`Sở Lịch Một Lần ${tag}`);
      await eightUpdates(h, updates.acknowledgeNotice, { contact: 'Nguyễn Văn An', by: 'A' }, sameId);
      const later = dates().noticeLater;
      const one = newSubmissionId();
      const moved = await Promise.all(
        EIGHT.map(() =>
          rescheduleInspection(stack.env.client, h.workflowId, {
            start: later.start,
            end: later.end,
            reason: 'Trùng lịch họp',
            by: 'A',
            submissionId: sameId ? one : newSubmissionId(),
          }).then(
            () => 'ok',
            (err: unknown) => (err as WorkflowUpdateFailedError).cause?.message ?? String(err),
          ),
        ),
      );
      expect(moved.filter((m) => m !== 'ok').every((m) => m.startsWith('Lịch kiểm tra đã là'))).toBe(true);
      if (sameId) await eightUpdates(h, reissueLink, { action: 'report', by: 'A' }, true);
      await eightUpdates(h, updates.cancel, { reason: 'Dừng theo chỉ đạo', by: 'A' }, sameId);
      const l = await ledger(h);
      expect(l.done).toEqual({ acknowledgeNotice: 1, reschedule: 1, cancel: 1, ...(sameId ? { reissueLink: 1 } : {}) });
      expect(l.failedTasks).toBe(0);
      const s = await h.query(stateQuery);
      expect(s.emails.filter((e) => e.kind === 'revised_notice')).toHaveLength(1);
      const sent = await eventually(async () => {
        const emails = (await h.query(stateQuery)).emails.filter((e) => e.kind === 'cancellation');
        return emails.length ? emails : undefined;
      }, 30_000);
      expect(sent).toHaveLength(1);
      if (sameId) expect(s.linkGenerations.report).toBe(1);
    }, 180_000);

    it('self-inspection and periodic reports, plan tasks (extend, complete, cancel): each recorded once', async () => {
      const self = await selfInspection(`UBND xã Tự Kiểm ${tag}`);
      await eightUpdates(self, recordSelfInspectionReport, { receivedOn: today(), by: 'A' }, sameId);
      const periodic = await periodicReport(`UBND xã Định Kỳ ${tag}`);
      await eightUpdates(periodic, recordPeriodicReport, { receivedOn: today(), indicators: { onlineReceived: 90 }, by: 'A' }, sameId);
      const plan = loadTaskPlan(path.join(projectRoot, 'plans', 'kstthc-2026.yaml'));
      const due = cal.addWorkingDays(today(), 20);
      const inputs = planTaskInputs(plan).slice(sameId ? 0 : 2, sameId ? 2 : 4);
      const [a, b] = await Promise.all(
        inputs.map(async (i) => {
          const handle = await stack.env.client.workflow.start(
            PLAN_TASK_TYPE,
            planTaskStartOptions({ ...i, due, emails: ['vp-ubnd@haiphong.example'] }, queue()),
          );
          await eventually(async () => (await stateOf(handle)).deadline, 30_000, 'the task to load');
          return handle;
        }),
      );
      const later: LocalDate = cal.addWorkingDays(due, 5);
      await eightUpdates(a!, extendTask, { due: later, reason: 'Chờ ý kiến của Bộ Tư pháp', by: 'A' }, sameId);
      await eightUpdates(a!, completeTask, { document: 'Quyết định số 12/2026/QĐ-UBND', signedOn: today(), by: 'A' }, sameId);
      await eightUpdates(b!, cancelTask, { reason: 'Không còn phù hợp', by: 'A' }, sameId);
      for (const [h, done] of [
        [self, { recordReport: 1 }],
        [periodic, { recordPeriodicReport: 1 }],
        [a!, { extend: 1, complete: 1 }],
        [b!, { cancel: 1 }],
      ] as const) {
        const l = await ledger(h);
        expect([h.workflowId, l.done, l.failedTasks]).toEqual([h.workflowId, done, 0]);
      }
    }, 180_000);
  });

  it('kiemtra report a second time is refused; --replace --reason replaces it and clears its findings; --submission-id repeats', async () => {
    const unit = 'Sở Báo Cáo Lại';
    const h = await notified(unit);
    const year = String(Number(dates().noticeDue.start.slice(0, 4)));
    const env = cleanEnv({ TEMPORAL_ADDRESS: stack.env.connection.options.address, KIEMTRA_ACTOR: 'Phòng KSTTHC' });
    const report = (...extra: string[]) => kiemtra(['report', unit, '--year', year, '--received', today(), ...extra], env);

    const first = await report('--indicator', 'onlineReceived=74.5', '--indicator', 'satisfaction=60', '--submission-id', 'lan-gui-so-1');
    expect([first.code, first.stderr]).toEqual([0, '']);
    // The same invocation again (same submission id): the first result, nothing recorded twice.
    const repeated = await report(
      '--indicator',
      'onlineReceived=74.5',
      '--indicator',
      'satisfaction=60',
      '--submission-id',
      'lan-gui-so-1',
    );
    expect([repeated.code, repeated.stdout]).toEqual([0, first.stdout]);
    const second = await report('--indicator', 'onlineReceived=50.1');
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('Báo cáo của đơn vị đã được ghi nhận ngày');
    expect(second.stderr).toContain('--replace --reason');
    expect(second.stderr).not.toContain('report already recorded');
    const noReason = await report('--indicator', 'onlineReceived=50.1', '--replace');
    expect([noReason.code, noReason.stderr]).toEqual([2, 'Lỗi: --replace cần --reason "lý do thay thế báo cáo".\n']);
    const badId = await report('--indicator', 'onlineReceived=50.1', '--submission-id', 'x y');
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('mã lần gửi "x y" không hợp lệ');

    let s = await h.query(stateQuery);
    expect(s.findings.map((f) => f.text)).toEqual([
      'Mức độ hài lòng của người dân, doanh nghiệp 60% < 95%',
      'Hồ sơ tiếp nhận trực tuyến 74,5% < 80%',
    ]);
    const replaced = await report('--indicator', 'onlineReceived=50.1', '--replace', '--reason', 'Đơn vị gửi lại số liệu đã rà soát');
    expect([replaced.code, replaced.stderr]).toEqual([0, '']);
    expect(replaced.stdout).toContain('Đã thay thế báo cáo');
    s = await h.query(stateQuery);
    expect(s.findings.map((f) => f.text)).toEqual(['Hồ sơ tiếp nhận trực tuyến 50,1% < 80%']);
    expect(s.report!.kpi.map((k) => k.id)).toEqual(['onlineReceived']);
    expect(s.history.at(-1)).toMatchObject({ actor: 'Phòng KSTTHC', action: 'Thay thế báo cáo phục vụ kiểm tra' });
    expect(s.history.at(-1)!.detail).toContain('lý do: Đơn vị gửi lại số liệu đã rà soát');
    const l = await ledger(h);
    expect(l.done).toEqual({ recordReport: 2 });
    expect(l.failedTasks).toBe(0);
    await h.executeUpdate(updates.cancel, { args: [{ reason: 'Kết thúc thử nghiệm', by: 'A' }] });
    await saveWhole(h, 'kit-report-refused-then-replaced');
  }, 180_000);
});
