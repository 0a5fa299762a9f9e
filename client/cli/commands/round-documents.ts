import fs from 'node:fs';
import type { Command } from 'commander';
import type { ReportSectionInput } from '../../../documents/reports';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { DOCUMENT_KINDS } from '../../../domain/documents';
import { displayLine as shown } from '../../../domain/safe-text';
import { describeIssue } from '../../../domain/validation';
import type { RoundDocumentKind } from '../../../domain/round-documents';
import type { RoundDocumentState, RoundDocumentUpdateInputs } from '../../../workflows/round-document/contract';
import { actor, parseRoundArg, updateIdOf, withSubmissionId } from '../args';
/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../documents') as typeof import('../../documents')),
  ...(require('../../round-documents') as typeof import('../../round-documents')),
  ...(require('../../../workflows/round-document/contract') as typeof import('../../../workflows/round-document/contract')),
});

/* `kiemtra documents round <round> decision|report <action>`: the documents of a whole round (docs/documents-life.md). */

const ACTIONS = ['draft', 'proposals', 'list', 'sign', 'upload', 'issue', 'withdraw', 'get'] as const;
type Action = (typeof ACTIONS)[number];

interface Options {
  plan?: string;
  proposals?: string;
  signer?: string;
  file?: string;
  number?: string;
  reason?: string;
  out: string;
  docx?: boolean;
  pdf?: boolean;
  by?: string;
  json?: boolean;
  submissionId?: string;
}

/** Prints the latest revision after a command (or every revision for `list`). */
function print(state: RoundDocumentState, o: Options, done?: string): void {
  const { documentLines } = temporal();
  if (o.json) {
    process.stdout.write(`${JSON.stringify(done ? (state.documents.at(-1) ?? null) : state.documents, null, 2)}\n`);
    return;
  }
  if (done) process.stdout.write(`${done}: ${documentLines(state.documents.slice(-1))[0]}\n`);
  else
    process.stdout.write(
      `${state.label} của đợt ${state.round}:\n${documentLines(state.documents)
        .map((l) => `  ${l}`)
        .join('\n')}\n`,
    );
}

/** Sends one update to the round's document (checked with its schema first: bad input exits 2, nothing sent). */
async function update<K extends keyof RoundDocumentUpdateInputs>(
  round: string,
  kind: RoundDocumentKind,
  name: K,
  payload: RoundDocumentUpdateInputs[K],
  o: Options,
  done: string,
): Promise<void> {
  const {
    withClient,
    executeUpdateRetrying,
    roundDocumentUpdates,
    roundDocumentUpdateSchemas,
    roundDocumentState,
    roundDocumentWorkflowId,
  } = temporal();
  const r = roundDocumentUpdateSchemas[name].safeParse(payload);
  if (!r.success) throw new UserFacingError(`${describeIssue(r.error.issues[0]!)}.`, ExitCode.badInput);
  const state = await withClient(async (client) => {
    if (name !== 'draft') await roundDocumentState(client, round, kind); // a clear refusal when there is no draft yet
    const def = roundDocumentUpdates[name] as import('@temporalio/common').UpdateDefinition<RoundDocumentState, [typeof payload], string>;
    return executeUpdateRetrying(client.workflow.getHandle(roundDocumentWorkflowId(round, kind)), def, payload, {
      updateId: updateIdOf(`${kind}-${name}`, o.submissionId),
    });
  });
  print(state, o, done);
}

/** The actions of `kiemtra documents round`. */
async function act(round: string, word: string, action: string, o: Options): Promise<void> {
  const t = temporal();
  const kind = t.roundDocumentKindOf(word);
  if (!(ACTIONS as readonly string[]).includes(action))
    throw new UserFacingError(`việc "${shown(action)}" không có; dùng một trong: ${ACTIONS.join(', ')}.`, ExitCode.badInput);
  const by = actor(o.by);
  switch (action as Action) {
    case 'draft': {
      const plan = t.loadRoundPlan(t.roundPlanFile(round, o.plan));
      if (plan.round !== round)
        throw new UserFacingError(`kế hoạch ${shown(o.plan ?? '')} là của đợt ${plan.round}, không phải ${round}.`, ExitCode.badInput);
      // The report's content is computed here, from the round's figures, as `kiemtra round summary` does.
      if (o.proposals && kind !== 'round_report')
        throw new UserFacingError('--proposals chỉ dùng cho Báo cáo kết quả kiểm tra (report).', ExitCode.badInput);
      const proposals = o.proposals ? proposalsFromFile(o.proposals) : undefined;
      const report = kind === 'round_report' ? await roundReport(round, proposals) : undefined;
      await t.withClient((client, settings) => t.openRoundDocument(client, t.roundDocumentInputFromPlan(plan, kind), settings.taskQueue));
      return update(round, kind, 'draft', { ...(report ? { report } : {}), by }, o, 'Đã lập dự thảo');
    }
    case 'proposals': {
      if (kind !== 'round_report')
        throw new UserFacingError('việc "proposals" chỉ có ở Báo cáo kết quả kiểm tra (report).', ExitCode.badInput);
      const { builtProposals } = require('../summary') as typeof import('../summary');
      const { conclusionBodyText } = require('../../../domain/conclusion-body') as typeof import('../../../domain/conclusion-body');
      const text = conclusionBodyText(
        { sections: builtProposals(await roundData(round)).map((s) => ({ heading: s.heading, paragraphs: s.paragraphs ?? [] })) },
        [
          `Đề xuất giải pháp và biện pháp xử lý vi phạm của Báo cáo kết quả kiểm tra đợt ${round}, lập từ kết quả kiểm tra.`,
          'Dòng bắt đầu bằng "# " là tiêu đề mục; mỗi dòng khác là một đoạn; dòng bắt đầu bằng // được bỏ qua.',
          `Sau khi sửa, lập dự thảo: kiemtra documents round ${round} report draft --proposals <tệp>`,
        ],
      );
      if (o.out === '.') process.stdout.write(text);
      else {
        fs.writeFileSync(o.out, text);
        process.stdout.write(`Đã ghi đề xuất vào ${shown(o.out)}.\n`);
      }
      return;
    }
    case 'list':
      return print(await t.withClient((client) => t.roundDocumentState(client, round, kind)), o);
    case 'get': {
      const state = await t.withClient((client) => t.roundDocumentState(client, round, kind));
      const doc = state.documents.at(-1);
      const file = doc && t.fileOf(doc, o.docx ? 'docx' : o.pdf ? 'pdf' : undefined);
      if (!file)
        throw new UserFacingError(
          `${DOCUMENT_KINDS[kind].label} chưa có tệp${o.docx ? ' .docx' : o.pdf ? ' PDF' : ''}.`,
          ExitCode.badInput,
        );
      const written = await t.writeDocumentFile(file, o.out);
      process.stdout.write(`Đã ghi ${shown(written)} (sha256 ${file.sha256}).\n`);
      return;
    }
    case 'sign':
      if (!o.signer) throw new UserFacingError('cần --signer <họ_tên>: người ký duyệt.', ExitCode.badInput);
      return update(round, kind, 'sign', { signer: o.signer, by }, o, 'Đã ký duyệt');
    case 'upload': {
      if (!o.file) throw new UserFacingError('cần --file <tệp.pdf>: bản PDF đã ký số.', ExitCode.badInput);
      // A broken signature is refused here, before the workflow sees the request.
      const file = await t.storeSignedPdf(o.file);
      return update(round, kind, 'upload', { file, by }, o, 'Đã nhận bản ký số');
    }
    case 'issue':
      // A number already in the register is refused here, before the workflow sees the request.
      if (o.number) await t.withClient((client) => t.refuseUsedNumber(client, kind, o.number!));
      return update(
        round,
        kind,
        'issue',
        { ...(o.number ? { number: o.number } : {}), ...(o.signer ? { signer: o.signer } : {}), by },
        o,
        'Đã ban hành',
      );
    case 'withdraw':
      if (!o.reason) throw new UserFacingError('cần --reason <lý_do>: lý do thu hồi.', ExitCode.badInput);
      return update(round, kind, 'withdraw', { reason: o.reason, by }, o, 'Đã thu hồi');
  }
}

/** The round's states as of today. */
async function roundData(round: string) {
  const { findRoundData } = require('../../rounds') as typeof import('../../rounds');
  const { LazyRecords } = require('../../archive') as typeof import('../../archive');
  const { localDateOf } = require('../../../domain/dates') as typeof import('../../../domain/dates');
  const records = new LazyRecords();
  return temporal()
    .withClient((client) => findRoundData(client, round, localDateOf(Date.now()), records))
    .finally(() => records.close());
}

/** The report's content from the round's figures as of today (the sections of `kiemtra round summary`), with the Office's proposals. */
async function roundReport(round: string, proposals?: ReportSectionInput[]) {
  const { roundReportInput } = require('../summary') as typeof import('../summary');
  return roundReportInput(await roundData(round), proposals);
}

/**
 * The Office's proposals from its file (the format of `report proposals`): lines before the first
 * heading go under the proposals' heading, each `# ` heading opens a part of its own. A line that
 * a document refuses is named.
 */
function proposalsFromFile(file: string): ReportSectionInput[] {
  const { sectionsOfText } = require('../../../domain/conclusion-body') as typeof import('../../../domain/conclusion-body');
  const { PROPOSALS_HEADING } = require('../summary') as typeof import('../summary');
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserFacingError(`không đọc được tệp ${shown(file)}.`, ExitCode.badInput);
  }
  const bad = content.split(/\r?\n/u).findIndex((l) => /[<>]/u.test(l) && !l.trim().startsWith('//'));
  if (bad >= 0) throw new UserFacingError(`tệp ${shown(file)}, dòng ${bad + 1}: không được chứa ký tự < >.`, ExitCode.badInput);
  const { lead, sections } = sectionsOfText(content);
  const out: ReportSectionInput[] = [
    ...(lead.length ? [{ heading: PROPOSALS_HEADING, paragraphs: lead.map((l) => l.text) }] : []),
    ...sections.map((s) => ({ heading: s.heading, paragraphs: s.paragraphs })),
  ];
  if (!out.some((s) => s.paragraphs?.length))
    throw new UserFacingError(`tệp ${shown(file)} không có nội dung đề xuất nào.`, ExitCode.badInput);
  if (out.length > 10) throw new UserFacingError(`tệp ${shown(file)}: tối đa 10 mục đề xuất.`, ExitCode.badInput);
  return out;
}

/** Registers `kiemtra documents round <round> decision|report draft|list|sign|upload|issue|withdraw|get`. */
export function registerRoundDocuments(documents: Command): void {
  withSubmissionId(
    documents
      .command('round')
      .description('Văn bản của cả đợt: Quyết định thành lập Đoàn kiểm tra (decision), Báo cáo kết quả kiểm tra (report)')
      .argument('<mã_đợt>', 'ví dụ haiphong-2026', parseRoundArg)
      .argument('<loại>', 'decision (Quyết định thành lập Đoàn kiểm tra) hoặc report (Báo cáo kết quả kiểm tra)')
      .argument('<việc>', ACTIONS.join(', '))
      .option('--plan <tệp>', 'tệp kế hoạch của đợt, khi lập dự thảo (mặc định: kế hoạch của đợt trong thư mục plans/)')
      .option(
        '--proposals <tệp>',
        'đề xuất giải pháp, xử lý vi phạm do Văn phòng biên tập (report draft; lấy bản lập sẵn: report proposals)',
      )
      .option('--signer <họ_tên>', 'người ký (sign), hoặc người đã ký trên giấy (issue)')
      .option('--file <tệp.pdf>', 'tệp PDF đã ký số (upload)')
      .option('--number <số>', 'số do hệ thống của Văn phòng cấp, ví dụ 12/QĐ-UBND (issue; số đã dùng bị từ chối)')
      .option('--reason <lý_do>', 'lý do thu hồi (withdraw)')
      .option('--out <đường_dẫn>', 'tệp hoặc thư mục ghi ra (get, proposals)', '.')
      .option('--docx', 'lấy bản .docx (get)')
      .option('--pdf', 'lấy bản PDF (get)')
      .option('--by <người>', 'người thực hiện (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
      .option('--json', 'in văn bản dưới dạng JSON'),
  ).action((round: string, word: string, action: string, o: Options) => act(round, word, action, o));
}
