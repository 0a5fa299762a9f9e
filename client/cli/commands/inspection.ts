import { loadRoundPlan, roundPlanFile } from '../../round-documents';
import { InvalidArgumentError, type Command } from 'commander';
import { originLabel } from '../../identity';
import { inspectionStageLabel, terminatedLine, type MaybeTerminated } from '../../terminated';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { loadWorkingCalendar } from '../../../loaders/calendar';
import { dateInText, formatDateVi, formatLocalDateTime, localDateOf, type LocalDate } from '../../../domain/dates';
import { deadlineName } from '../../../domain/deadline-catalogue';
import { teamLines } from '../../../domain/team';
import { formatRate, INDICATORS, indicatorLabel, type IndicatorId } from '../../../domain/kpi';
import {
  formatCount,
  measureOf,
  missingForms,
  rateOf,
  REPORT_MEASURES,
  reportCountsProblem,
  type MeasureId,
  type ReportCounts,
} from '../../../domain/report-measures';
import { sampleFigures, systemOf, type SampledDossier } from '../../../domain/dossier-sample';
import { FINDING_SOURCES, placeParts } from '../../../domain/finding-text';
import {
  CHECK_SYSTEMS,
  CONTENT_AREAS,
  FINDING_KINDS,
  type CheckSystem,
  type ContentArea,
  type FindingKind,
} from '../../../domain/findings';
import {
  OUTLINE_PLACES,
  REPORT_FORMS,
  REPORT_ITEMS,
  SITUATION_ITEM,
  type OutlinePlace,
  type ReportFormId,
  type ReportItemId,
} from '../../../domain/report-outline';
import { parseUnitAttendee } from '../../../domain/meetings';
import { describeRequest, REQUEST_STATUS_LABELS, requestStatus } from '../../../domain/document-requests';
import { type Finding, type InspectionState, STAGE_LABELS, STAGES, type UpdateInputs } from '../../../workflows/inspection/contract';
import { prefilledText } from '../../../domain/periods';
import { displayFileName, displayLine as shown, withUnitText } from '../../../domain/safe-text';
import {
  actor,
  collect,
  parseDateArg,
  parseIndicator,
  parseRoundArg,
  submissionIdOf,
  updateIdOf,
  withSubmissionId,
  yearOption,
} from '../args';
import type { ListFilter } from '../../listing';
/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../../workflows/inspection/contract') as typeof import('../../../workflows/inspection/contract')),
});

/* The coordinators' commands on one inspection: every update of the workflow, `status`, `list`. */

/** `nội dung@YYYY-MM-DD`: a text and its deadline. */
function parseDeadlined(v: string): { text: string; deadline: LocalDate } {
  const at = v.lastIndexOf('@');
  if (at < 1) throw new InvalidArgumentError(`kiến nghị "${v}" cần dạng "nội dung@YYYY-MM-DD"`);
  return { text: v.slice(0, at).trim(), deadline: parseDateArg(v.slice(at + 1).trim()) };
}

/**
 * `nội dung@YYYY-MM-DD`, or `nội dung@YYYY-MM-DD@F1,F2`: a recommendation, its deadline, and the
 * findings it answers.
 */
function parseRecommendation(v: string): { text: string; deadline: LocalDate; answers?: string[] } {
  const m = /@(F\d{1,3}(?:\s*,\s*F\d{1,3})*)\s*$/.exec(v);
  const answers = m ? m[1]!.split(',').map((id) => id.trim()) : undefined;
  const r = parseDeadlined(m ? v.slice(0, m.index) : v);
  return answers ? { ...r, answers } : r;
}

/** `--area`: an id or the plan's number, 1 to 4. */
function parseArea(v: string): ContentArea {
  const ids = Object.keys(CONTENT_AREAS) as ContentArea[];
  const byNumber = /^\(?([1-4])\)?$/.exec(v.trim());
  const id = byNumber ? ids[Number(byNumber[1]) - 1] : ids.find((a) => a === v.trim());
  if (!id) throw new InvalidArgumentError(`nội dung "${v}" không có; dùng 1–4 hoặc ${ids.join(', ')}`);
  return id;
}

/** `--kind`: good, shortcoming or violation. */
function parseKind(v: string): FindingKind {
  const ids = Object.keys(FINDING_KINDS) as FindingKind[];
  if (!ids.includes(v as FindingKind)) throw new InvalidArgumentError(`loại "${v}" không có; dùng ${ids.join(', ')}`);
  return v as FindingKind;
}

/** `--item`: a place of the Phụ lục I outline. */
function parseItem(v: string): OutlinePlace {
  const place = OUTLINE_PLACES.find((p) => p.id === v.trim());
  if (!place) throw new InvalidArgumentError(`mục "${v}" không có trong đề cương báo cáo; xem kiemtra finding --help`);
  return place.id;
}

/** `--system`: an id, a label or a short form ("Cổng DVCQG"). */
function parseSystem(v: string): CheckSystem {
  const system = systemOf(v);
  if (!system) throw new InvalidArgumentError(`hệ thống "${v}" không có; dùng ${Object.keys(CHECK_SYSTEMS).join(', ')}`);
  return system;
}

/** Evidence files put in the content store (by hash), as a finding names them. */
async function storeEvidence(files: string[]): Promise<{ sha256: string; name: string }[]> {
  const { storeEvidenceFile } = require('../../evidence') as typeof import('../../evidence');
  return Promise.all(files.map(storeEvidenceFile));
}

/** `R1=minh chứng`: a recommendation reported done. */
function parseDone(v: string): { id: string; evidence: string } {
  const m = /^(R\d{1,2})=(.+)$/s.exec(v);
  if (!m) throw new InvalidArgumentError(`"${v}" cần dạng R1="minh chứng"`);
  return { id: m[1]!, evidence: m[2]! };
}

/** The options every inspection command shares. */
export interface Common {
  by?: string;
  year?: string;
  json?: boolean;
  submissionId?: string;
}

/**
 * The workflow id of a unit's inspection: that year's with `--year`, else the one visibility finds
 * by unit (client/find-process.ts), so a command about the 2026 round still works in 2027.
 */
export async function findInspection(
  client: import('@temporalio/client').Client,
  unit: string,
  year?: number,
  records?: import('../../archive').LazyRecords,
): Promise<string> {
  const { findUnitProcess } = require('../../find-process') as typeof import('../../find-process');
  const kept = async (id: string) => (records ? (await (await records.get()).get(id)) !== undefined : false);
  return findUnitProcess(client, { type: 'inspection', unit, year }, Date.now(), kept);
}

/** `--year` checked before anything connects: a malformed one is bad input, whatever the server. */
export const yearArg = (year?: string): number | undefined => (year === undefined ? undefined : yearOption(year));

/**
 * Sends one update to a unit's inspection and prints the result: `done`, the stage, and the lines
 * `recorded` gives of what the update recorded (the rates and findings of a report, the ids of a
 * conclusion's recommendations), so that a person sees what the next command will need.
 */
export async function update<K extends keyof UpdateInputs>(
  unit: string,
  opts: Common,
  name: K,
  payload: UpdateInputs[K],
  done: string,
  recorded?: (s: InspectionState) => string[],
): Promise<void> {
  const state = await sendUpdate(unit, opts, name, payload);
  if (opts.json) process.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
  else
    process.stdout.write(
      [`${done}: ${shown(state.config.unit.name)}. Giai đoạn: ${STAGE_LABELS[state.stage]}.`, ...(recorded?.(state) ?? [])]
        .map((l) => `${l}\n`)
        .join(''),
    );
}

/** What a report recorded: each indicator against its target, and the findings it added (the missed targets). */
function reportRecorded(s: InspectionState): string[] {
  const kpi = s.report?.kpi ?? [];
  const added = s.findings.filter((f) => f.source === 'kpi');
  return [
    ...(kpi.length ? ['Chỉ tiêu:', ...kpi.map((k) => `  - ${shown(k.text)}: ${k.met ? 'đạt' : 'chưa đạt'}`)] : []),
    ...(added.length ? ['Phát hiện tự động từ chỉ tiêu chưa đạt:', ...added.flatMap(findingLines)] : []),
  ];
}

/** What a conclusion recorded: each recommendation with its id (for `remediation --done R1=…`) and deadline. */
function conclusionRecorded(s: InspectionState): string[] {
  return s.recommendations.length
    ? [
        'Kiến nghị (dùng mã khi ghi nhận khắc phục: kiemtra remediation … --done R1="…"):',
        ...s.recommendations.map((r) => `  - ${r.id}: ${shown(r.text)} (thời hạn: ${dateInText(r.deadline)})`),
      ]
    : ['Kết luận không có kiến nghị.'];
}

/** Sends one update to a unit's inspection (found by unit, or by `--year`) and returns the state after it. */
export async function sendUpdate<K extends keyof UpdateInputs>(
  unit: string,
  opts: Common,
  name: K,
  payload: UpdateInputs[K],
): Promise<InspectionState> {
  const year = yearArg(opts.year);
  const { withClient, updates, executeUpdateRetrying } = temporal();
  const state: InspectionState = await withClient(async (client) => {
    const workflowId = await findInspection(client, unit, year);
    try {
      return await executeUpdateRetrying(client.workflow.getHandle(workflowId), updates[name], payload, {
        updateId: updateIdOf(name, opts.submissionId),
      });
    } catch (err) {
      throw await selfInspectionHint(client, err, unit, year);
    }
  });
  return state;
}

/**
 * An inspection that does not exist may be a unit that self-inspects: say which command reaches it.
 * Any other error is returned as it is.
 */
async function selfInspectionHint(
  client: import('@temporalio/client').Client,
  err: unknown,
  unit: string,
  year: number | undefined,
): Promise<unknown> {
  const { WorkflowNotFoundError } = require('@temporalio/client') as typeof import('@temporalio/client');
  if (!(err instanceof WorkflowNotFoundError)) return err;
  try {
    const { findUnitProcess } = require('../../find-process') as typeof import('../../find-process');
    const id = await findUnitProcess(client, { type: 'selfInspection', unit, year });
    await client.workflow.getHandle(id).describe();
  } catch {
    return err;
  }
  return new UserFacingError(
    `${unit} là đơn vị tự kiểm tra (không thuộc đợt kiểm tra trực tiếp): dùng \`kiemtra self report "${unit}" --received <ngày>\` hoặc \`kiemtra self status "${unit}"\`.`,
    ExitCode.badInput,
  );
}

/** The report's indicators pre-filled from the unit's latest periodic report, said on stderr. */
async function fromPeriodic(unit: string, asOf: LocalDate, typed: Partial<Record<IndicatorId, number>>) {
  const { findLatestPeriodicReport, prefillReport } = require('../../prefill') as typeof import('../../prefill');
  const { loadYearTargets } = require('../../../loaders/targets') as typeof import('../../../loaders/targets');
  const plans = loadYearTargets().map((p) => p.plan);
  const latest = await temporal().withClient((client) => findLatestPeriodicReport(client, plans, unit, asOf));
  if (!latest)
    throw new UserFacingError(
      `${unit} chưa có báo cáo định kỳ nào có chỉ tiêu trong 12 tháng trước ${formatDateVi(asOf)}: nhập chỉ tiêu bằng --indicator.`,
      ExitCode.failure,
    );
  const filled = prefillReport(latest, typed);
  process.stderr.write(
    `${filled.prefilled ? prefilledText(filled.prefilled) : `Không lấy chỉ tiêu nào từ báo cáo định kỳ ${latest.period.label}`}; nhập tay: ${Object.keys(typed).length}.\n`,
  );
  return filled;
}

/** `onlineReceived=620/1000`: a measure's counts (numerator/denominator). */
function parseCountArg(v: string): [MeasureId, { numerator: number; denominator: number }] {
  const m = /^([A-Za-z]+)=(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError(`số liệu "${v}" cần dạng mã=tử_số/mẫu_số, ví dụ onlineReceived=620/1000`);
  if (!measureOf(m[1]!))
    throw new InvalidArgumentError(`không có số liệu "${m[1]}"; các mã: ${REPORT_MEASURES.map((x) => x.id).join(', ')}`);
  return [m[1] as MeasureId, { numerator: Number(m[2]), denominator: Number(m[3]) }];
}

/** `headResponsibility=nội dung`: the text of an item of II.1, or of part I (`situation`). */
function parseItemArg(v: string): [ReportItemId | typeof SITUATION_ITEM.id, string] {
  const at = v.indexOf('=');
  const id = at > 0 ? v.slice(0, at) : '';
  if (id !== SITUATION_ITEM.id && !REPORT_ITEMS.some((i) => i.id === id))
    throw new InvalidArgumentError(
      `nội dung "${v}" cần dạng mã=nội_dung; các mã: ${[SITUATION_ITEM.id, ...REPORT_ITEMS.map((i) => i.id)].join(', ')}`,
    );
  const text = v.slice(at + 1).trim();
  if (!text) throw new InvalidArgumentError(`nội dung của ${id} đang trống`);
  return [id as ReportItemId, text];
}

/** `II.04=bieu-II04.xlsx`: a form of II.2 and its file. */
function parseFormArg(v: string): [ReportFormId, string] {
  const at = v.indexOf('=');
  const id = at > 0 ? v.slice(0, at) : '';
  if (!REPORT_FORMS.some((f) => f.id === id))
    throw new InvalidArgumentError(`biểu mẫu "${v}" cần dạng biểu=tệp; các biểu: ${REPORT_FORMS.map((f) => f.id).join(', ')}`);
  return [id as ReportFormId, v.slice(at + 1)];
}

/** `150000000` (đồng): the budget for TTHC control. */
function parseAmountArg(v: string): number {
  if (!/^\d{1,16}$/.test(v.trim())) throw new InvalidArgumentError(`kinh phí "${v}" phải là số nguyên không âm (đồng), ví dụ 150000000`);
  return Number(v.trim());
}

/** The forms' files read and checked (nothing kept yet); a form given twice is refused. */
function formFiles(given: [ReportFormId, string][] | undefined) {
  const { readFormFile } = require('../../report-form-files') as typeof import('../../report-form-files');
  const seen = new Set<string>();
  return (given ?? []).map(([form, file]) => {
    if (seen.has(form)) throw new UserFacingError(`Biểu ${form} được ghi hai lần (--form).`, ExitCode.badInput);
    seen.add(form);
    return { form, ...readFormFile(form, file) };
  });
}

/** Keeps the checked forms' files in the upload store, before the update names them. */
function keepForms(files: ReturnType<typeof formFiles>): { form: ReportFormId; file: import('../../../domain/validation').FileRef }[] {
  const { keepFormFile } = require('../../report-form-files') as typeof import('../../report-form-files');
  for (const f of files) keepFormFile(f);
  return files.map((f) => ({ form: f.form, file: f.ref }));
}

/** Adds the shared options (`--by`, `--year`, `--json`, `--submission-id`) to a command. */
export function withCommon(cmd: Command): Command {
  return withSubmissionId(
    cmd
      .option('--by <người>', 'người thực hiện (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
      .option('--year <năm>', 'năm của cuộc kiểm tra (mặc định: cuộc kiểm tra đang mở của đơn vị, nếu không thì cuộc gần nhất)')
      .option('--json', 'in trạng thái sau khi cập nhật dưới dạng JSON'),
  );
}

/** The attendance options of `meeting open` and `meeting close`. */
interface Attendance {
  teamAttendee?: string[];
  unitAttendee?: { name: string; position: string }[];
  reason?: string;
}

/** `--unit-attendee "Họ tên, chức vụ"`. */
function parseUnitAttendeeArg(v: string): { name: string; position: string } {
  const a = parseUnitAttendee(v);
  if (typeof a === 'string') throw new InvalidArgumentError(a);
  return a;
}

function withAttendance(cmd: Command, day: string): Command {
  return cmd
    .option('--team-attendee <họ_tên>', 'người của Đoàn kiểm tra dự họp (phải có trong Đoàn), lặp lại được', collect(String))
    .option('--unit-attendee <"họ tên, chức vụ">', 'người của đơn vị dự họp, lặp lại được', collect(parseUnitAttendeeArg))
    .option('--reason <lý_do>', `lý do khi cuộc họp không vào ngày làm việc ${day} của Đoàn`)
    .addHelpText(
      'after',
      `\nVí dụ:\n  kiemtra meeting ${day === 'đầu tiên' ? 'open' : 'close --results "Cơ bản đạt yêu cầu"'} "Sở Tài chính" --date 2026-12-03 --team-attendee "Nguyễn Văn An" --team-attendee "Phạm Thị Dung" --unit-attendee "Lê Văn Hùng, Phó Giám đốc Sở"`,
    );
}

/** The payload's attendance: both sides, or neither (one side alone is refused before anything is sent). */
function attendance(o: Attendance): { attendees?: { team: string[]; unit: { name: string; position: string }[] }; reason?: string } {
  const team = o.teamAttendee ?? [];
  const unit = o.unitAttendee ?? [];
  if ((team.length === 0) !== (unit.length === 0))
    throw new UserFacingError(
      'cần ghi thành phần dự họp của cả hai bên: Đoàn kiểm tra (--team-attendee) và đơn vị (--unit-attendee "họ tên, chức vụ").',
      ExitCode.badInput,
    );
  return { ...(team.length ? { attendees: { team, unit } } : {}), ...(o.reason !== undefined ? { reason: o.reason } : {}) };
}

/** Registers every inspection command. */
export function registerInspection(program: Command): void {
  withCommon(
    program
      .command('report')
      .description('Ghi nhận báo cáo phục vụ kiểm tra của đơn vị, kèm các chỉ tiêu (Phụ lục I)')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị, ví dụ "Sở Tài chính" hoặc so-tai-chinh')
      .requiredOption('--received <ngày>', 'ngày nhận báo cáo', parseDateArg)
      .option('--indicator <mã=giá_trị>', 'một chỉ tiêu, lặp lại được; ví dụ onlineReceived=62.4', collect(parseIndicator))
      .option('--from-periodic', 'lấy các chỉ tiêu từ báo cáo định kỳ gần nhất của đơn vị (--indicator ghi đè từng chỉ tiêu)')
      .option(
        '--count <mã=tử/mẫu>',
        'số liệu của một nội dung (tỷ lệ được tính từ đó), lặp lại được; ví dụ onlineReceived=620/1000',
        collect(parseCountArg),
      )
      .option(
        '--item <mã=nội_dung>',
        'nội dung (thuyết minh) của một mục Phụ lục I, lặp lại được; ví dụ headResponsibility="…"',
        collect(parseItemArg),
      )
      .option('--budget <đồng>', 'kinh phí bố trí cho hoạt động kiểm soát TTHC (đồng)', parseAmountArg)
      .option(
        '--form <biểu=tệp>',
        'một biểu mẫu số liệu (.xlsx, .docx hoặc PDF), lặp lại được; ví dụ II.04=bieu-II04.xlsx',
        collect(parseFormArg),
      )
      .option('--replace', 'thay thế báo cáo đã ghi nhận (cần --reason); các phát hiện từ chỉ tiêu của báo cáo cũ được xóa')
      .option('--reason <lý_do>', 'lý do thay thế báo cáo')
      .addHelpText(
        'after',
        `\nCác mã số liệu (--count): ${REPORT_MEASURES.map((m) => m.id).join(', ')}\nCác mã nội dung (--item): ${[SITUATION_ITEM.id, ...REPORT_ITEMS.map((i) => i.id)].join(', ')}\nCác biểu mẫu (--form): ${REPORT_FORMS.map((f) => f.id).join(', ')}\nCác mã chỉ tiêu (--indicator, tỷ lệ nhập sẵn): ${INDICATORS.map((i) => i.id).join(', ')}\nVí dụ:\n  kiemtra report "Sở Tài chính" --received 2026-11-27 --count onlineReceived=620/1000 --count satisfaction=958/1000 --form II.04=bieu-II04.xlsx --by "Nguyễn Văn A"\n  kiemtra report "Sở Tài chính" --received 2026-11-27 --from-periodic --indicator satisfaction=96`,
      ),
  ).action(
    async (
      unit: string,
      o: Common & {
        received: LocalDate;
        indicator?: [IndicatorId, number][];
        fromPeriodic?: boolean;
        replace?: boolean;
        reason?: string;
        count?: [MeasureId, { numerator: number; denominator: number }][];
        item?: [string, string][];
        budget?: number;
        form?: [ReportFormId, string][];
      },
    ) => {
      if (o.replace && !o.reason?.trim()) throw new UserFacingError('--replace cần --reason "lý do thay thế báo cáo".', ExitCode.badInput);
      if (o.reason !== undefined && !o.replace) throw new UserFacingError('--reason chỉ dùng cùng --replace.', ExitCode.badInput);
      const counts: ReportCounts = Object.fromEntries(o.count ?? []);
      const problem = reportCountsProblem(counts);
      if (problem) throw new UserFacingError(problem, ExitCode.badInput);
      const both = (o.indicator ?? []).find(([id]) => id in counts);
      if (both)
        throw new UserFacingError(`${indicatorLabel(both[0])}: tỷ lệ được tính từ --count, không ghi thêm --indicator.`, ExitCode.badInput);
      const forms = formFiles(o.form);
      const typed = Object.fromEntries(o.indicator ?? []);
      const filled: Pick<UpdateInputs['recordReport'], 'indicators' | 'prefilled'> = o.fromPeriodic
        ? await fromPeriodic(unit, o.received, typed)
        : { indicators: typed };
      // A rate the periodic report would pre-fill is computed from the counts where they are given.
      filled.indicators = Object.fromEntries(Object.entries(filled.indicators).filter(([id]) => !(id in counts)));
      if (filled.prefilled) {
        const kept = filled.prefilled.indicators.filter((id) => !(id in counts));
        if (kept.length) filled.prefilled = { ...filled.prefilled, indicators: kept };
        else delete filled.prefilled;
      }
      const texts = Object.fromEntries(o.item ?? []);
      const { [SITUATION_ITEM.id]: situation, ...items } = texts;
      const replace = o.replace ? { replace: { reason: o.reason!.trim() } } : {};
      await update(
        unit,
        o,
        'recordReport',
        {
          receivedOn: o.received,
          ...filled,
          ...(Object.keys(counts).length ? { counts } : {}),
          ...(Object.keys(items).length ? { items } : {}),
          ...(situation ? { narrative: { situation } } : {}),
          ...(o.budget !== undefined ? { budget: { amount: o.budget } } : {}),
          ...(forms.length ? { forms: keepForms(forms) } : {}),
          ...replace,
          by: actor(o.by),
        },
        o.replace ? 'Đã thay thế báo cáo' : 'Đã ghi nhận báo cáo',
        reportRecorded,
      );
    },
  );

  withCommon(
    program
      .command('report-forms')
      .description('Ghi nhận biểu mẫu số liệu (Phụ lục II Thông tư 01/2020/TT-VPCP) đơn vị gửi sau báo cáo')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .requiredOption('--received <ngày>', 'ngày nhận biểu mẫu', parseDateArg)
      .requiredOption(
        '--form <biểu=tệp>',
        'một biểu mẫu (.xlsx, .docx hoặc PDF), lặp lại được; ví dụ II.05a=bieu-II05a.xlsx',
        collect(parseFormArg),
      ),
  ).action(async (unit: string, o: Common & { received: LocalDate; form: [ReportFormId, string][] }) => {
    const forms = formFiles(o.form);
    await update(
      unit,
      o,
      'attachReportForms',
      { receivedOn: o.received, forms: keepForms(forms), by: actor(o.by) },
      'Đã ghi nhận biểu mẫu',
    );
  });

  const meeting = program.command('meeting').description('Cuộc họp mở đầu và kết thúc tại đơn vị');
  withCommon(
    withAttendance(
      meeting
        .command('open')
        .description('Ghi nhận cuộc họp mở đầu (ngày làm việc đầu tiên), thành phần dự họp của hai bên')
        .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
        .requiredOption('--date <ngày>', 'ngày họp', parseDateArg)
        .option('--notes <nội_dung>', 'nội dung thống nhất'),
      'đầu tiên',
    ),
  ).action((unit: string, o: Common & Attendance & { date: LocalDate; notes?: string }) =>
    update(
      unit,
      o,
      'recordOpeningMeeting',
      { date: o.date, notes: o.notes, ...attendance(o), by: actor(o.by) },
      'Đã ghi nhận cuộc họp mở đầu',
    ),
  );
  withCommon(
    withAttendance(
      meeting
        .command('close')
        .description('Ghi nhận cuộc họp kết thúc (ngày làm việc cuối cùng) và kết quả sơ bộ, thành phần dự họp của hai bên')
        .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
        .requiredOption('--date <ngày>', 'ngày họp', parseDateArg)
        .requiredOption('--results <nội_dung>', 'kết quả sơ bộ'),
      'cuối cùng',
    ),
  ).action((unit: string, o: Common & Attendance & { date: LocalDate; results: string }) =>
    update(
      unit,
      o,
      'recordClosingMeeting',
      { date: o.date, preliminaryResults: o.results, ...attendance(o), by: actor(o.by) },
      'Đã ghi nhận cuộc họp kết thúc',
    ),
  );

  withCommon(
    program
      .command('finding')
      .description('Ghi nhận một phát hiện của Đoàn kiểm tra, với nội dung kiểm tra, mục của đề cương, loại và căn cứ')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .argument('<nội_dung>', 'nội dung phát hiện')
      .option('--area <nội_dung>', 'nội dung kiểm tra (Mục II.1 của Kế hoạch): 1, 2, 3 hoặc 4', parseArea)
      .option('--item <mục>', 'mục của đề cương báo cáo (Phụ lục I) mà phát hiện liên quan', parseItem)
      .option('--kind <loại>', 'loại phát hiện: good (kết quả đạt được), shortcoming (tồn tại, hạn chế), violation (vi phạm)', parseKind)
      .option('--dossier <mã_hồ_sơ>', 'mã hồ sơ làm căn cứ, lặp lại được', collect(String))
      .option('--system <hệ_thống>', `hệ thống đã kiểm tra: ${Object.keys(CHECK_SYSTEMS).join(', ')}`, parseSystem)
      .option('--file <tệp>', 'tệp làm căn cứ (lưu vào kho tệp theo mã băm), lặp lại được', collect(String))
      .option('--division <bộ_phận>', 'phòng, ban, bộ phận của đơn vị mà phát hiện liên quan')
      .addHelpText(
        'after',
        [
          '',
          'Nội dung kiểm tra (--area):',
          ...Object.values(CONTENT_AREAS).map((a) => `  ${a}`),
          'Mục của đề cương (--item):',
          ...OUTLINE_PLACES.map((p) => `  ${p.id}: ${p.label}`),
          'Hệ thống (--system):',
          ...Object.entries(CHECK_SYSTEMS).map(([id, label]) => `  ${id}: ${label}`),
          'Ví dụ:',
          '  kiemtra finding "Sở Tài chính" "Chưa gửi văn bản xin lỗi khi hồ sơ trễ hạn" --area 2 --item apologies --kind violation --dossier H49.26-0001 --system citySystem --division "Bộ phận Một cửa"',
        ].join('\n'),
      ),
  ).action(
    async (
      unit: string,
      text: string,
      o: Common & {
        area?: ContentArea;
        item?: OutlinePlace;
        kind?: FindingKind;
        dossier?: string[];
        system?: CheckSystem;
        file?: string[];
        division?: string;
      },
    ) => {
      const files = o.file?.length ? await storeEvidence(o.file) : undefined;
      const evidence = {
        ...(o.dossier?.length ? { dossiers: o.dossier } : {}),
        ...(o.system ? { system: o.system } : {}),
        ...(files ? { files } : {}),
      };
      const place = {
        ...(o.area ? { area: o.area } : {}),
        ...(o.item ? { item: o.item } : {}),
        ...(o.kind ? { kind: o.kind } : {}),
        ...(Object.keys(evidence).length ? { evidence } : {}),
        ...(o.division !== undefined ? { division: o.division } : {}),
      };
      const state = await sendUpdate(unit, o, 'recordFinding', { text, ...place, by: actor(o.by) });
      if (o.json) return void process.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
      const f = state.findings.at(-1);
      process.stdout.write(
        `Đã ghi nhận phát hiện${f?.id ? ` ${f.id}` : ''}: ${shown(state.config.unit.name)}. Giai đoạn: ${STAGE_LABELS[state.stage]}.\n`,
      );
    },
  );

  withCommon(
    program
      .command('draft')
      .description('Gửi dự thảo kết luận cho đơn vị góp ý')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .requiredOption('--issued <ngày>', 'ngày gửi dự thảo', parseDateArg)
      .requiredOption('--response-by <ngày>', 'hạn đơn vị góp ý', parseDateArg)
      .option('--meeting <ngày>', 'ngày họp thông báo dự thảo (nếu có)', parseDateArg)
      .option('--recommendation <nội_dung>', 'một kiến nghị dự kiến, lặp lại được', collect(String)),
  ).action((unit: string, o: Common & { issued: LocalDate; responseBy: LocalDate; meeting?: LocalDate; recommendation?: string[] }) =>
    update(
      unit,
      o,
      'issueDraftConclusion',
      { issuedOn: o.issued, responseBy: o.responseBy, meetingDate: o.meeting, recommendations: o.recommendation ?? [], by: actor(o.by) },
      'Đã gửi dự thảo kết luận',
    ),
  );

  withCommon(
    program
      .command('response')
      .description('Ghi nhận ý kiến của đơn vị về dự thảo kết luận')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .requiredOption('--received <ngày>', 'ngày nhận ý kiến', parseDateArg)
      .option('--accepted', 'đơn vị tiếp thu toàn bộ')
      .option('--explain <nội_dung>', 'nội dung giải trình của đơn vị'),
  ).action((unit: string, o: Common & { received: LocalDate; accepted?: boolean; explain?: string }) => {
    if (!o.accepted && !o.explain) throw new UserFacingError('cần --accepted hoặc --explain "nội dung giải trình".', ExitCode.badInput);
    return update(
      unit,
      o,
      'recordUnitResponse',
      { receivedOn: o.received, accepted: Boolean(o.accepted), explanations: o.explain, by: actor(o.by) },
      'Đã ghi nhận ý kiến của đơn vị',
    );
  });

  withCommon(
    program
      .command('conclude')
      .description('Ghi nhận kết luận kiểm tra đã ký, với các kiến nghị và hạn khắc phục')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .requiredOption('--signer <tên>', 'người ký: Trưởng đoàn, hoặc Phó Trưởng đoàn được giao ký (KT./TL./Q.) trong kế hoạch')
      .requiredOption('--signed <ngày>', 'ngày ký', parseDateArg)
      .option(
        '--recommendation <nội_dung@hạn[@F1,F2]>',
        'một kiến nghị, hạn khắc phục và (tùy chọn) các phát hiện mà kiến nghị xử lý, lặp lại được',
        collect(parseRecommendation),
      )
      .addHelpText(
        'after',
        '\nVí dụ:\n  kiemtra conclude "Sở Tài chính" --signer "Trần Văn B" --signed 2026-12-10 --recommendation "Xin lỗi người dân khi trễ hạn@2027-01-15@F2,F3"',
      ),
  ).action(
    (
      unit: string,
      o: Common & { signer: string; signed: LocalDate; recommendation?: { text: string; deadline: LocalDate; answers?: string[] }[] },
    ) =>
      update(
        unit,
        o,
        'signConclusion',
        { signer: o.signer, signedOn: o.signed, recommendations: o.recommendation ?? [], by: actor(o.by) },
        'Đã ghi nhận kết luận',
        conclusionRecorded,
      ),
  );

  withCommon(
    program
      .command('remediation')
      .description('Ghi nhận báo cáo kết quả khắc phục của đơn vị')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .requiredOption('--received <ngày>', 'ngày nhận báo cáo', parseDateArg)
      .requiredOption('--done <R1=minh_chứng>', 'kiến nghị đã khắc phục và minh chứng, lặp lại được', collect(parseDone)),
  ).action((unit: string, o: Common & { received: LocalDate; done: { id: string; evidence: string }[] }) =>
    update(unit, o, 'recordRemediationReport', { receivedOn: o.received, done: o.done, by: actor(o.by) }, 'Đã ghi nhận kết quả khắc phục'),
  );

  withCommon(
    program
      .command('reschedule')
      .description('Điều chỉnh lịch làm việc (gửi thông báo điều chỉnh nếu đã thông báo); kiểm tra trùng lịch với các đơn vị khác của đợt')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .requiredOption('--start <ngày>', 'ngày bắt đầu mới', parseDateArg)
      .requiredOption('--end <ngày>', 'ngày kết thúc mới', parseDateArg)
      .option('--surprise', 'chuyển sang kiểm tra đột xuất')
      .option('--allow-clash', 'chấp nhận trùng lịch với đơn vị khác (cần --reason)')
      .option('--reason <lý_do>', 'lý do')
      .addHelpText('after', '\nVí dụ:\n  kiemtra reschedule "Sở Y tế" --start 2026-12-21 --end 2026-12-22 --reason "Trùng lịch họp HĐND"'),
  ).action(
    async (unit: string, o: Common & { start: LocalDate; end: LocalDate; surprise?: boolean; allowClash?: boolean; reason?: string }) => {
      if (o.allowClash && !o.reason)
        throw new UserFacingError('--allow-clash cần --reason "lý do chấp nhận trùng lịch".', ExitCode.badInput);
      const year = yearArg(o.year);
      const by = actor(o.by);
      const { withClient } = temporal();
      const { rescheduleInspection } = require('../../reschedule') as typeof import('../../reschedule');
      const state: InspectionState = await withClient(async (client) => {
        const workflowId = await findInspection(client, unit, year);
        try {
          return await rescheduleInspection(client, workflowId, {
            submissionId: submissionIdOf(o.submissionId),
            start: o.start,
            end: o.end,
            surprise: o.surprise,
            allowClash: o.allowClash,
            reason: o.reason,
            by,
          });
        } catch (err) {
          throw await selfInspectionHint(client, err, unit, year);
        }
      });
      if (o.json) process.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
      else process.stdout.write(`Đã điều chỉnh lịch: ${shown(state.config.unit.name)}. Giai đoạn: ${STAGE_LABELS[state.stage]}.\n`);
    },
  );

  withCommon(
    program
      .command('cancel')
      .description('Hủy cuộc kiểm tra')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .requiredOption('--reason <lý_do>', 'lý do hủy'),
  ).action((unit: string, o: Common & { reason: string }) =>
    update(unit, o, 'cancel', { reason: o.reason, by: actor(o.by) }, 'Đã hủy cuộc kiểm tra'),
  );

  const team = program.command('team').description('Thành phần Đoàn kiểm tra của một cuộc kiểm tra');
  withCommon(
    team
      .command('change')
      .description('Thay đổi thành viên Đoàn kiểm tra tại một đơn vị (bổ sung, thay thế hoặc rút), có lý do, ghi vào lịch sử')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .option('--remove <họ_tên>', 'thành viên không tham gia Đoàn nữa')
      .option('--add <họ_tên>', 'thành viên mới (cần --position và --organisation)')
      .option('--position <chức_vụ>', 'chức vụ của thành viên mới')
      .option('--organisation <cơ_quan>', 'cơ quan của thành viên mới')
      .option('--email <email>', 'email của thành viên mới (nếu có)')
      .requiredOption('--reason <lý_do>', 'lý do thay đổi')
      .addHelpText(
        'after',
        '\nVí dụ:\n  kiemtra team change "Sở Tài chính" --remove "Trần Thị Bình" --add "Vũ Văn Giang" --position "Chuyên viên" --organisation "Sở Tư pháp" --reason "Đồng chí Bình đi công tác"',
      ),
  ).action(
    (
      unit: string,
      o: Common & { remove?: string; add?: string; position?: string; organisation?: string; email?: string; reason: string },
    ) => {
      if (!o.remove && !o.add) throw new UserFacingError('cần --remove "họ tên" hoặc --add "họ tên" (hoặc cả hai).', ExitCode.badInput);
      if (o.add && (!o.position || !o.organisation))
        throw new UserFacingError('thành viên mới cần --position "chức vụ" và --organisation "cơ quan".', ExitCode.badInput);
      const add = o.add
        ? { name: o.add, position: o.position, organisation: o.organisation!, ...(o.email ? { email: o.email } : {}) }
        : undefined;
      return update(
        unit,
        o,
        'changeTeam',
        { ...(o.remove ? { remove: o.remove } : {}), ...(add ? { add } : {}), reason: o.reason, by: actor(o.by) },
        'Đã thay đổi thành viên Đoàn kiểm tra',
      );
    },
  );

  program
    .command('status')
    .description('Tình hình một cuộc kiểm tra')
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
    .option('--year <năm>', 'năm (mặc định: cuộc kiểm tra đang mở của đơn vị, nếu không thì cuộc gần nhất)')
    .option('--json', 'in JSON')
    .action(async (unit: string, o: Common) => {
      const { found, note } = await shownInspection(unit, o.year);
      if (o.json) {
        if (note) process.stderr.write(`${note}\n`);
        process.stdout.write(`${JSON.stringify(found.state, null, 2)}\n`);
      } else process.stdout.write(`${note ? `${note}\n` : ''}${describeState(found.state, roundTitleOf(found.state.config.round))}`);
    });

  program
    .command('list')
    .description('Danh sách các cuộc kiểm tra và đơn vị tự kiểm tra (tìm theo search attribute)')
    .option('--kind <loại>', 'inspection (mặc định), self (tự kiểm tra) hoặc all', parseListKind, 'inspection')
    .option('--stage <giai_đoạn>', `giai đoạn: ${[...STAGES, 'self_waiting', 'self_received'].join(', ')}`, parseStage)
    .option('--overdue', 'chỉ các cuộc kiểm tra có hạn bị trễ')
    .option('--round <mã_đợt>', 'chỉ một đợt kiểm tra', parseRoundArg)
    .option('--json', 'in JSON')
    .addHelpText(
      'after',
      '\nVí dụ:\n  kiemtra list --stage remediating\n  kiemtra list --overdue --round haiphong-2026\n  kiemtra list --kind all --overdue',
    )
    .action(async (o: { kind: ListFilter['kind']; stage?: string; overdue?: boolean; round?: string; json?: boolean }) => {
      const { withClient } = temporal();
      const { listWorkflows } = require('../../listing') as typeof import('../../listing');
      const { listingTable } = require('../listing-table') as typeof import('../listing-table');
      const rows = await withClient((client) => listWorkflows(client, o));
      process.stdout.write(o.json ? `${JSON.stringify(rows, null, 2)}\n` : listingTable(rows, loadWorkingCalendar()));
    });
}

/**
 * A unit's inspection as `status` shows it: the running workflow's state, or its record once
 * archived (with the note that says so).
 */
export async function shownInspection(unit: string, yearOpt?: string) {
  const year = yearArg(yearOpt);
  const { withClient, stateQuery } = temporal();
  const { inspectionAsShown } = require('../../terminated') as typeof import('../../terminated');
  const { shownStateOrRecord, notFoundAnywhere, recordNote, LazyRecords } = require('../../archive') as typeof import('../../archive');
  const records = new LazyRecords();
  let workflowId = '';
  const found = await withClient(async (client) => {
    workflowId = await findInspection(client, unit, year, records);
    return shownStateOrRecord(client, workflowId, stateQuery, inspectionAsShown, records);
  }).finally(() => records.close());
  if (!found) throw notFoundAnywhere(workflowId);
  return { found, note: found.source.from === 'records' ? recordNote(found.source.record) : undefined };
}

/** `--kind` of `kiemtra list`. */
export function parseListKind(v: string): ListFilter['kind'] {
  if (v !== 'inspection' && v !== 'self' && v !== 'all')
    throw new InvalidArgumentError(`loại "${v}" không tồn tại; chọn inspection, self hoặc all`);
  return v;
}

function parseStage(v: string): string {
  const stages: readonly string[] = [...STAGES, 'self_waiting', 'self_received'];
  if (!stages.includes(v)) throw new InvalidArgumentError(`giai đoạn "${v}" không tồn tại; các giai đoạn: ${stages.join(', ')}`);
  return v;
}

/**
 * A finding for a person: its id and text (unit text escaped, or quoted under its line), then where
 * it comes from and its place (kind, content area, item, evidence, division) on the line below.
 */
export function findingLines(f: Finding): string[] {
  const head = `  -${f.id ? ` ${f.id}.` : ''}`;
  const place = [FINDING_SOURCES[f.source], ...placeParts(f)].map(shown).join('; ');
  return [...withUnitText(head, f.text, '    ', (t) => ` ${t}`), `      ${place}`];
}

/** One line of the dossier sample's figures: how many checked, late, received online. */
export function sampleLine(dossiers: readonly SampledDossier[]): string {
  const f = sampleFigures(dossiers);
  const online = f.rates.find((r) => r.figure === 'online')!;
  return `Hồ sơ đã kiểm tra: ${f.total}; trễ hạn: ${f.late.length}${f.unapologised.length ? ` (${f.unapologised.length} chưa có văn bản xin lỗi)` : ''}; tiếp nhận trực tuyến: ${online.count}/${online.base}`;
}

/** The round's title as its plan gives it (the plans folder), or undefined when no plan names the round. */
export function roundTitleOf(round: string): string | undefined {
  try {
    return loadRoundPlan(roundPlanFile(round)).title;
  } catch {
    return undefined;
  }
}

/**
 * The state of an inspection for a person, in Vietnamese. Unit text goes through domain/safe-text:
 * escaped on one line, or quoted under its line when it has several.
 */
export function describeState(s: MaybeTerminated<InspectionState>, roundTitle?: string): string {
  const lines = [
    `${shown(s.config.unit.name)}: ${inspectionStageLabel(s)} (${s.kind === 'surprise' ? 'kiểm tra đột xuất' : 'kiểm tra định kỳ'})`,
    ...(s.terminated ? [terminatedLine(s.terminated, STAGE_LABELS[s.stage])] : []),
    ...(roundTitle ? [`Đợt: ${shown(roundTitle)}`] : []),
    `Mã quy trình: ${s.workflowId}; mã đợt: ${s.config.round}`,
    `Đoàn làm việc: ${formatDateVi(s.visit.start)} – ${formatDateVi(s.visit.end)}`,
    ...(s.team ? ['Đoàn kiểm tra:', ...teamLines(s.team).map((l) => `  - ${shown(l)}`)] : []),
    'Thời hạn:',
    ...s.deadlines.map(
      (d) => `  - ${deadlineName(d.id)}: ${formatDateVi(d.date)}${s.overdue.includes(d.id) ? ' (QUÁ HẠN)' : ''}; ${shown(d.rule)}`,
    ),
  ];
  if (s.report) {
    const missed = s.report.kpi.filter((k) => !k.met);
    lines.push(
      `Báo cáo của đơn vị: nhận ${dateInText(s.report.receivedOn)}${s.report.late ? ', muộn hạn' : ''}; ${missed.length}/${s.report.kpi.length} chỉ tiêu chưa đạt`,
    );
    if (s.report.prefilled)
      lines.push(`  ${shown(prefilledText(s.report.prefilled))}: ${s.report.prefilled.indicators.map(indicatorLabel).join('; ')}`);
    for (const [id, c] of Object.entries(s.report.counts ?? {})) {
      const r = rateOf(c);
      lines.push(
        `  ${measureOf(id)?.label ?? id}: ${formatCount(c.numerator)}/${formatCount(c.denominator)}${r === undefined ? '' : ` = ${formatRate(r)}`}`,
      );
    }
    if (s.report.budget) lines.push(`  Kinh phí kiểm soát TTHC: ${formatCount(s.report.budget.amount)} đồng`);
    const got = REPORT_FORMS.flatMap((f) => {
      const r = s.reportForms?.[f.id];
      return r ? [`${f.id} (nhận ${dateInText(r.receivedOn)})`] : [];
    });
    const missing = missingForms(s.reportForms).map((f) => f.id);
    lines.push(
      `  Biểu mẫu số liệu: ${got.length ? `đã nhận ${got.join(', ')}` : 'chưa nhận biểu nào'}${missing.length && got.length ? `; còn thiếu ${missing.join(', ')}` : ''}`,
    );
  }
  if (s.acknowledged)
    lines.push(
      `Đơn vị xác nhận đã nhận thông báo: ${formatLocalDateTime(Date.parse(s.acknowledged.at))}${s.acknowledged.contact ? `; đầu mối: ${shown(s.acknowledged.contact)}` : ''}`,
    );
  if (s.files?.length)
    lines.push(
      'Tệp đơn vị gửi:',
      ...s.files.map(
        (f) =>
          `  - ${displayFileName(f.name)} (${Math.ceil(f.size / 1024)} KB, ${f.for.startsWith('form:') ? `biểu số ${f.for.slice(5)}/VPCP/KSTT` : deadlineName(f.for, 'phrase')}; sha256 ${f.sha256.slice(0, 12)}…)`,
      ),
    );
  if (s.documentRequests?.length)
    lines.push(
      'Yêu cầu cung cấp tài liệu:',
      ...s.documentRequests.map(
        (r) =>
          `  - ${shown(describeRequest(r))}: ${REQUEST_STATUS_LABELS[requestStatus(r, localDateOf(Date.now()))]}${r.answer ? ` ${dateInText(r.answer.receivedOn)}` : ''}`,
      ),
    );
  if (s.findings.length) lines.push('Phát hiện:', ...s.findings.flatMap(findingLines));
  if (s.dossierSample?.dossiers.length) lines.push(`${sampleLine(s.dossierSample.dossiers)} (kiemtra dossiers list)`);
  if (s.conclusion)
    lines.push(
      `Kết luận: ${shown(s.conclusion.authority ? `${s.conclusion.authority} ${s.conclusion.signsFor ?? ''} ` : '')}${shown(s.conclusion.signer)}${s.conclusion.position ? ` (${shown(s.conclusion.position)})` : ''} ký ${dateInText(s.conclusion.signedOn)}${s.conclusion.late ? ', muộn hạn' : ''}`,
    );
  if (s.recommendations.length) {
    lines.push(
      'Kiến nghị:',
      ...s.recommendations.flatMap((r) => {
        const due = `hạn ${dateInText(r.deadline)}; ${r.status === 'done' ? `đã khắc phục ${dateInText(r.doneOn!)}` : r.overdue ? 'QUÁ HẠN' : 'chưa khắc phục'}`;
        const answers = r.answers?.length ? `; xử lý phát hiện ${r.answers.join(', ')}` : '';
        return r.text.includes('\n')
          ? withUnitText(`  - ${r.id}. ${due}${answers}`, r.text, '      ')
          : [`  - ${r.id}. ${shown(r.text)}; ${due}${answers}`];
      }),
    );
  }
  const failed = s.emails.filter((e) => e.status === 'failed').length;
  lines.push(
    `Email: ${s.emails.filter((e) => e.status === 'sent').length} đã gửi${failed ? `, ${failed} không gửi được (đã báo điều phối viên)` : ''}`,
  );
  const next = s.pendingReminders[0];
  if (next) lines.push(`Việc hẹn giờ tiếp theo: ${next.label}, ${formatLocalDateTime(Date.parse(next.at))}`);
  if (s.cancellation)
    lines.push(
      ...(s.cancellation.reason.includes('\n')
        ? withUnitText(`Đã hủy (${shown(s.cancellation.by)}):`, s.cancellation.reason, '    ')
        : [`Đã hủy: ${shown(s.cancellation.reason)} (${shown(s.cancellation.by)})`]),
    );
  lines.push(
    'Lịch sử gần đây:',
    ...s.history
      .slice(-5)
      .flatMap((h) =>
        withUnitText(
          `  - ${formatLocalDateTime(Date.parse(h.at))} ${shown(h.actor)}${h.via ? ` (${shown(originLabel(h.via))})` : ''}: ${shown(h.action)}`,
          h.detail,
          '      ',
        ),
      ),
  );
  return `${lines.join('\n')}\n`;
}
