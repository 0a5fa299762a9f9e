import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { projectRoot } from '../config/paths';
import { addDays, dateInText } from '../domain/dates';
import { liveDates } from './kit/live-dates';
import { cleanEnv, kiemtra } from './kit/process';
import { devServerEnv, sharedCalendar } from './kit/temporal';
import { useWorkerStack } from './kit/stack';

/**
 * The coordinators' whole path on a real dev server, through the CLI only: propose dates for the
 * 2026 plan from today, start the round (34 inspections + the self-inspections), list them, drive
 * one unit through every step to `closed`, summarise, and start the round again (nothing new).
 */
const API_KEY = `api-key-${Math.random().toString(36).slice(2)}`;

describe('a round through the CLI (dev server)', () => {
  const cal = sharedCalendar();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-round-'));
  const stack = useWorkerStack(devServerEnv);
  let cliEnv: NodeJS.ProcessEnv;
  beforeAll(() => {
    // The CLI connects with an API key (sent as a bearer token, which the dev server ignores).
    cliEnv = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      TEMPORAL_API_KEY: API_KEY,
      TEMPORAL_TLS: 'false',
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_ACTOR: 'Nguyễn Văn A',
      // The shipped plan's year, whatever year the test runs in.
      KIEMTRA_YEAR: '2026',
    });
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const printed: string[] = [];
  const cli = async (...args: string[]) => {
    const r = await kiemtra(args, cliEnv);
    printed.push(r.stdout, r.stderr);
    if (r.code !== 0) throw new Error(`kiemtra ${args.join(' ')} → ${r.code}: ${r.stderr}`);
    return r.stdout;
  };

  it('proposes, starts, lists, drives one unit to closed, summarises, and starts nothing twice', async () => {
    const { today, visited, responseBy, remediationBy: deadline } = liveDates(cal, Date.now());
    // The shipped plan, with the window extended from today (the decision's window is over) and one
    // unit brought in mid-process: a surprise visit that began on the last working day.
    const doc = parseDocument(fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8'));
    doc.setIn(['window', 'to'], addDays(today, 240));
    // The Office fills in the team (the shipped plan holds placeholders).
    doc.setIn(['team', 'lead', 'name'], 'Trần Văn B');
    doc.setIn(['team', 'members', 0, 'name'], 'Phạm Thị Dung');
    doc.setIn(['units', 33, 'type'], 'surprise');
    doc.setIn(['units', 33, 'visit'], doc.createNode({ start: visited, end: visited }));
    doc.setIn(['units', 33, 'current'], doc.createNode({ stage: 'on_site' }));
    const planFile = path.join(dir, 'plan.yaml');
    fs.writeFileSync(planFile, doc.toString());

    const proposed = path.join(dir, 'plan.lich.yaml');
    expect(await cli('plan', 'propose', planFile, '-o', proposed)).toContain('Đã ghi 33 lịch đề xuất');
    expect(await cli('plan', 'check', proposed)).toContain('34 đơn vị được kiểm tra, 34 đã có lịch');

    const first = JSON.parse(await cli('round', 'start', proposed, '--json'));
    expect(first).toEqual({ round: 'haiphong-2026', created: true, started: 40, total: 40, added: [], rescheduleNeeded: [] });

    const listed = JSON.parse(await cli('list', '--round', 'haiphong-2026', '--json')) as {
      workflowId: string;
      unit: string;
      stage: string;
    }[];
    expect(listed).toHaveLength(34);
    expect(listed.find((r) => r.unit === 'UBND xã An Lão')?.stage).toBe('on_site');
    const table = await cli('list', '--round', 'haiphong-2026');
    expect(table).toContain('Sở Nông nghiệp và Môi trường');
    expect(table).toContain('34 cuộc kiểm tra');

    const unit = 'UBND xã An Lão';
    await cli('meeting', 'open', unit, '--date', visited, '--notes', 'Thống nhất nội dung làm việc');
    await cli('finding', unit, 'Chưa niêm yết đầy đủ TTHC tại Bộ phận Một cửa');
    await cli('meeting', 'close', 'ubnd-xa-an-lao', '--date', visited, '--results', 'Cơ bản đạt yêu cầu');
    await cli('draft', unit, '--issued', today, '--response-by', responseBy, '--recommendation', 'Niêm yết đầy đủ TTHC');
    await cli('response', unit, '--received', today, '--accepted');
    // A change of member, with its reason; then a conclusion signed by a member: refused, naming who may sign.
    expect(
      await cli(
        'team',
        'change',
        unit,
        '--remove',
        'Phạm Thị Dung',
        '--add',
        'Vũ Văn Giang',
        '--position',
        'Chuyên viên',
        '--organisation',
        'Sở Tư pháp',
        '--reason',
        'Sở Tư pháp cử cán bộ tham gia',
      ),
    ).toContain('Đã thay đổi thành viên Đoàn kiểm tra: UBND xã An Lão');
    const byMember = await kiemtra(['conclude', unit, '--signer', 'Vũ Văn Giang', '--signed', today], cliEnv);
    expect(byMember.code).toBe(2);
    expect(byMember.stderr).toBe(
      'Lỗi: "Vũ Văn Giang" không phải Trưởng đoàn hoặc người được giao ký thay trong kế hoạch; người được ký kết luận kiểm tra: Trần Văn B (Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn)\n',
    );
    // The conclusion prints the ids `remediation --done` needs.
    expect(
      await cli('conclude', unit, '--signer', 'Trần Văn B', '--signed', today, '--recommendation', `Niêm yết đầy đủ TTHC@${deadline}`),
    ).toContain(`  - R1: Niêm yết đầy đủ TTHC (thời hạn: ${dateInText(deadline)})`);
    expect(await cli('remediation', unit, '--received', today, '--done', 'R1=Ảnh chụp bảng niêm yết')).toContain(
      'Giai đoạn: Đã hoàn thành',
    );
    const status = await cli('status', unit);
    expect(status).toContain('UBND xã An Lão: Đã hoàn thành');
    expect(status).toContain('R1. Niêm yết đầy đủ TTHC');
    expect(status).toContain('  - Trưởng đoàn: Trần Văn B, Phó Chánh Văn phòng UBND thành phố');
    expect(status).toContain('  - Thành viên: Vũ Văn Giang, Chuyên viên, Sở Tư pháp');
    expect(status).toContain('Kết luận: Trần Văn B (Phó Chánh Văn phòng UBND thành phố) ký ngày');
    const history = (JSON.parse(await cli('status', unit, '--json')) as { history: { action: string; detail?: string }[] }).history;
    expect(history.find((e) => e.action === 'Thay đổi thành viên Đoàn kiểm tra')?.detail).toBe(
      'Vũ Văn Giang, Chuyên viên, Sở Tư pháp thay Phạm Thị Dung, Phó Giám đốc, Trung tâm Phục vụ hành chính công thành phố; lý do: Sở Tư pháp cử cán bộ tham gia',
    );

    const out = path.join(dir, 'summary');
    await cli('round', 'summary', 'haiphong-2026', '-o', out);
    const md = fs.readFileSync(path.join(out, 'haiphong-2026.md'), 'utf8');
    expect(md).toMatch(/\| UBND xã An Lão \| Đã hoàn thành \|/);
    expect(md).toContain('Số cơ quan, đơn vị được kiểm tra: 34.');
    expect(md).toContain('Chưa nhận: Sở Công Thương');
    expect(fs.readFileSync(path.join(out, 'haiphong-2026.docx')).subarray(0, 2).toString()).toBe('PK');
    const figures = JSON.parse(await cli('round', 'summary', 'haiphong-2026', '--json'));
    expect(figures).toMatchObject({ inspections: 34, recommendations: 1, recommendationsDone: 1, selfInspections: 6 });
    expect(figures.byStage.closed).toBe(1);

    const again = JSON.parse(await cli('round', 'start', proposed, '--json'));
    expect(again).toEqual({ round: 'haiphong-2026', created: false, started: 0, total: 40, added: [], rescheduleNeeded: [] });
    const human = await cli('round', 'start', proposed);
    expect(human).toContain('không khởi động lại quy trình nào');
    expect(JSON.parse(await cli('list', '--round', 'haiphong-2026', '--json'))).toHaveLength(34);

    expect(printed.join('\n')).not.toContain(API_KEY);
    for (const id of ['round-haiphong-2026', ...listed.map((r) => r.workflowId)]) {
      expect(JSON.stringify(await stack.env.client.workflow.getHandle(id).fetchHistory())).not.toContain(API_KEY);
    }
  }, 240_000);
});
