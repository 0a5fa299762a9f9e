import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { NARRATIVE_SECTIONS, type NarrativeSection } from '../../../domain/report-narrative';
import { describeIssue } from '../../../domain/validation';
import { loadWorkingCalendar } from '../../../loaders/calendar';
import { originLabel } from '../../identity';
import { terminatedLine, type MaybeTerminated } from '../../terminated';
import { TERMINATED_LABEL } from '../../../workflows/inspection/contract';
import { formatDateVi, formatLocalDateTime, type LocalDate } from '../../../domain/dates';
import { INDICATORS, type IndicatorId } from '../../../domain/kpi';
import { displayLine as shown } from '../../../domain/safe-text';
import {
  actor,
  collect,
  parseDateArg,
  parseIndicator,
  parseRoundArg,
  parseSubmissionId,
  SUBMISSION_ID_HELP,
  updateIdOf,
  yearOption,
} from '../args';
import type { SelfInspectionState } from '../../../workflows/self-inspection/contract';
/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../listing') as typeof import('../../listing')),
  ...(require('../listing-table') as typeof import('../listing-table')),
  ...(require('../../../workflows/self-inspection/contract') as typeof import('../../../workflows/self-inspection/contract')),
});

/* The coordinators' commands on the units outside the round, which self-inspect (Mục V.4 of the plan). */

/** A self-inspection's state for a person, in Vietnamese. */
export function describeSelfInspection(s: MaybeTerminated<SelfInspectionState>): string {
  const stage = s.stage === 'self_received' ? 'đã nộp báo cáo tự kiểm tra' : 'chờ báo cáo tự kiểm tra';
  const lines = [
    `${shown(s.unit)}: ${s.terminated ? TERMINATED_LABEL : stage}${s.overdue ? ' (QUÁ HẠN)' : ''}`,
    ...(s.terminated ? [terminatedLine(s.terminated, stage)] : []),
    `Mã: ${s.workflowId}`,
  ];
  if (s.deadline) lines.push(`Hạn: ${formatDateVi(s.deadline.date)}; ${shown(s.deadline.rule)}`);
  if (s.receivedOn) lines.push(`Nhận báo cáo: ${formatDateVi(s.receivedOn)}${s.late ? ' (muộn)' : ''}`);
  for (const [k, label] of Object.entries(NARRATIVE_SECTIONS))
    if (s.narrative?.[k as NarrativeSection]) lines.push(`${label}: ${shown(s.narrative[k as NarrativeSection]!)}`);
  if (s.kpi?.length) {
    const missed = s.kpi.filter((k) => !k.met);
    lines.push(`Chỉ tiêu: ${missed.length}/${s.kpi.length} chưa đạt`, ...missed.map((k) => `  - ${k.text}`));
  }
  for (const p of s.pending ?? []) lines.push(`Việc hẹn giờ: ${p.label}, ${formatLocalDateTime(Date.parse(p.at))}`);
  lines.push(`Email: ${s.emails.filter((e) => e.status === 'sent').length} đã gửi`);
  lines.push(
    'Lịch sử gần đây:',
    ...s.history
      .slice(-5)
      .map(
        (h) =>
          `  - ${formatLocalDateTime(Date.parse(h.at))} ${shown(h.actor)}${h.via ? ` (${shown(originLabel(h.via))})` : ''}: ${shown(h.action)}`,
      ),
  );
  return `${lines.join('\n')}\n`;
}

/** A unit's self-inspection: that year's with `--year`, else the one visibility finds by unit (client/find-process.ts). */
async function findSelfInspection(
  client: import('@temporalio/client').Client,
  unit: string,
  year?: number,
  records?: import('../../archive').LazyRecords,
): Promise<string> {
  const { findUnitProcess } = require('../../find-process') as typeof import('../../find-process');
  const kept = async (id: string) => (records ? (await (await records.get()).get(id)) !== undefined : false);
  return findUnitProcess(client, { type: 'selfInspection', unit, year }, Date.now(), kept);
}

/** `--year` checked before anything connects: a malformed one is bad input, whatever the server. */
const yearArg = (year?: string): number | undefined => (year === undefined ? undefined : yearOption(year));

/** `situation=Nội dung`: a section of the report's text, by its id in the outline. */
function parseSection(v: string): [NarrativeSection, string] {
  const at = v.indexOf('=');
  const id = v.slice(0, Math.max(at, 0));
  if (!(id in NARRATIVE_SECTIONS))
    throw new InvalidArgumentError(`mục "${v}" cần dạng mục=nội_dung; các mục: ${Object.keys(NARRATIVE_SECTIONS).join(', ')}`);
  const text = v.slice(at + 1).trim();
  if (!text) throw new InvalidArgumentError(`nội dung mục ${id} đang trống`);
  return [id as NarrativeSection, text];
}

/** Registers `kiemtra self report|status|list`. */
export function registerSelfInspection(program: Command): void {
  const self = program.command('self').description('Đơn vị ngoài phạm vi kiểm tra tự kiểm tra và báo cáo (khoản 4 Mục V của Kế hoạch)');

  self
    .command('report')
    .description('Ghi nhận báo cáo tự kiểm tra của đơn vị, kèm các chỉ tiêu (đề cương Phụ lục I)')
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị, ví dụ "Sở Công Thương" hoặc so-cong-thuong')
    .requiredOption('--received <ngày>', 'ngày nhận báo cáo', parseDateArg)
    .option('--indicator <mã=giá_trị>', 'một chỉ tiêu, lặp lại được; ví dụ onlineReceived=82', collect(parseIndicator))
    .option(
      '--section <mục=nội_dung>',
      `nội dung một mục của đề cương Phụ lục I, lặp lại được; mục: ${Object.entries(NARRATIVE_SECTIONS)
        .map(([k, v]) => `${k} (${v})`)
        .join(', ')}`,
      collect(parseSection),
    )
    .option('--by <người>', 'người thực hiện (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
    .option('--year <năm>', 'năm (mặc định: quy trình đang mở của đơn vị, nếu không thì quy trình gần nhất)')
    .option('--json', 'in trạng thái sau khi cập nhật dưới dạng JSON')
    .option('--submission-id <mã>', SUBMISSION_ID_HELP, parseSubmissionId)
    .addHelpText(
      'after',
      `\nCác mã chỉ tiêu: ${INDICATORS.map((i) => i.id).join(', ')}\nVí dụ:\n  kiemtra self report "Sở Công Thương" --received 2026-11-20 --indicator onlineReceived=82`,
    )
    .action(
      async (
        unit: string,
        o: {
          received: LocalDate;
          indicator?: [IndicatorId, number][];
          section?: [NarrativeSection, string][];
          by?: string;
          year?: string;
          json?: boolean;
          submissionId?: string;
        },
      ) => {
        const year = yearArg(o.year);
        const { withClient, executeUpdateRetrying, recordSelfInspectionReport, selfReportSchema } = temporal();
        const payload = {
          receivedOn: o.received,
          by: actor(o.by),
          ...(o.indicator ? { indicators: Object.fromEntries(o.indicator) } : {}),
          ...(o.section ? { narrative: Object.fromEntries(o.section) } : {}),
        };
        const checked = selfReportSchema.safeParse(payload);
        if (!checked.success) throw new UserFacingError(`${describeIssue(checked.error.issues[0]!)}.`, ExitCode.badInput);
        const state = await withClient(async (client) =>
          executeUpdateRetrying(
            client.workflow.getHandle(await findSelfInspection(client, unit, year)),
            recordSelfInspectionReport,
            payload,
            { updateId: updateIdOf('recordReport', o.submissionId) },
          ),
        );
        process.stdout.write(
          o.json
            ? `${JSON.stringify(state, null, 2)}\n`
            : `Đã ghi nhận báo cáo tự kiểm tra: ${shown(state.unit)}${state.late ? ' (muộn)' : ''}.\n`,
        );
      },
    );

  self
    .command('status')
    .description('Tình hình tự kiểm tra của một đơn vị')
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
    .option('--year <năm>', 'năm (mặc định: quy trình đang mở của đơn vị, nếu không thì quy trình gần nhất)')
    .option('--json', 'in JSON')
    .action(async (unit: string, o: { year?: string; json?: boolean }) => {
      const year = yearArg(o.year);
      const { withClient, selfInspectionStateQuery } = temporal();
      const { selfInspectionAsShown } = require('../../terminated') as typeof import('../../terminated');
      const { shownStateOrRecord, notFoundAnywhere, recordNote, LazyRecords } = require('../../archive') as typeof import('../../archive');
      const records = new LazyRecords();
      let workflowId = '';
      const found = await withClient(async (client) => {
        workflowId = await findSelfInspection(client, unit, year, records);
        return shownStateOrRecord(client, workflowId, selfInspectionStateQuery, selfInspectionAsShown, records);
      }).finally(() => records.close());
      if (!found) throw notFoundAnywhere(workflowId);
      // The same as `kiemtra status`: a process the engine no longer has is read from the store, and says so.
      const note = found.source.from === 'records' ? recordNote(found.source.record) : undefined;
      if (o.json) {
        if (note) process.stderr.write(`${note}\n`);
        process.stdout.write(`${JSON.stringify(found.state, null, 2)}\n`);
      } else process.stdout.write(`${note ? `${note}\n` : ''}${describeSelfInspection(found.state)}`);
    });

  self
    .command('list')
    .description('Danh sách đơn vị tự kiểm tra')
    .option('--round <mã_đợt>', 'chỉ một đợt', parseRoundArg)
    .option('--overdue', 'chỉ các đơn vị đã quá hạn')
    .option('--json', 'in JSON')
    .action(async (o: { round?: string; overdue?: boolean; json?: boolean }) => {
      const { withClient, listWorkflows, listingTable } = temporal();
      const rows = await withClient((client) => listWorkflows(client, { kind: 'self', round: o.round, overdue: o.overdue }));
      process.stdout.write(o.json ? `${JSON.stringify(rows, null, 2)}\n` : listingTable(rows, loadWorkingCalendar()));
    });
}
