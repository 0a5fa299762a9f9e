import fs from 'node:fs';
import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { conclusionBodyText, parseConclusionBody } from '../../../domain/conclusion-body';
import { displayLine as shown } from '../../../domain/safe-text';
import type { InspectionState } from '../../../workflows/inspection/contract';
import { actor, updateIdOf, withSubmissionId, yearOption } from '../args';
/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../../workflows/inspection/contract') as typeof import('../../../workflows/inspection/contract')),
});

/*
 * `kiemtra conclusion text|record`: the body of the Kết luận issue by issue, built from the
 * findings, written to a file for the team to edit, and recorded back before signing
 * (docs/conclusion.md).
 */

interface Common {
  by?: string;
  year?: string;
  submissionId?: string;
}

function inspectionOf(unit: string, year?: string): (client: Client) => Promise<string> {
  const y = year === undefined ? undefined : yearOption(year);
  return (client) => {
    const { findUnitProcess } = require('../../find-process') as typeof import('../../find-process');
    return findUnitProcess(client, { type: 'inspection', unit, ...(y === undefined ? {} : { year: y }) });
  };
}

/** The explanation at the top of the file the team edits. */
function fileComments(state: InspectionState): string[] {
  const unit = state.config.unit.name;
  return [
    `Nội dung Kết luận kiểm tra tại ${unit} (mục I, II), ${state.conclusionText ? `bản Đoàn kiểm tra đã ghi nhận ngày ${state.conclusionText.at.slice(0, 10)}` : 'lập từ các phát hiện đã ghi nhận'}.`,
    'Dòng bắt đầu bằng "# " là tiêu đề mục; mỗi dòng khác là một đoạn; dòng bắt đầu bằng // được bỏ qua.',
    'Dòng [BẢNG KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU] là bảng số liệu lập từ báo cáo của đơn vị (dòng cuối của mục chứa nó).',
    'Mục III. KIẾN NGHỊ và IV. TỔ CHỨC THỰC HIỆN lập từ các kiến nghị đã ghi nhận (kiemtra draft, kiemtra conclude).',
    `Sau khi sửa, ghi nhận: kiemtra conclusion record "${unit}" --file <tệp>`,
  ];
}

/** `text`: the body (recorded, else built from the findings) to a file or stdout. */
async function writeText(unit: string, o: Common & { out?: string }): Promise<void> {
  const { withClient, stateQuery } = temporal();
  const { conclusionBodyOf } = require('../../../documents/conclusion-body') as typeof import('../../../documents/conclusion-body');
  const find = inspectionOf(unit, o.year);
  const state = await withClient(async (client) => client.workflow.getHandle(await find(client)).query(stateQuery));
  const text = conclusionBodyText(conclusionBodyOf(state), fileComments(state));
  if (!o.out) {
    process.stdout.write(text);
    return;
  }
  fs.writeFileSync(o.out, text);
  process.stdout.write(`Đã ghi nội dung kết luận của ${shown(state.config.unit.name)} vào ${shown(o.out)}.\n`);
}

/** `record`: the edited file, checked line by line, recorded; a drafted Dự thảo Kết luận is rendered again. */
async function recordText(unit: string, o: Common & { file: string }): Promise<void> {
  let content: string;
  try {
    content = fs.readFileSync(o.file, 'utf8');
  } catch {
    throw new UserFacingError(`không đọc được tệp ${shown(o.file)}.`, ExitCode.badInput);
  }
  const parsed = parseConclusionBody(content);
  if (!parsed.ok) throw new UserFacingError(`tệp ${shown(o.file)}, ${parsed.message}.`, ExitCode.badInput);
  const { withClient, updates, updateSchemas, executeUpdateRetrying } = temporal();
  const by = actor(o.by);
  const payload = { sections: parsed.body.sections, by };
  const checked = updateSchemas.recordConclusionText.safeParse(payload);
  if (!checked.success) throw new UserFacingError(`tệp ${shown(o.file)}: ${checked.error.issues[0]!.message}.`, ExitCode.badInput);
  const find = inspectionOf(unit, o.year);
  const { state, rendered } = await withClient(async (client) => {
    const handle = client.workflow.getHandle(await find(client));
    const state = await executeUpdateRetrying(handle, updates.recordConclusionText, payload, {
      updateId: updateIdOf('recordConclusionText', o.submissionId),
    });
    const draft = state.documents?.filter((d) => d.kind === 'draft_conclusion').at(-1);
    if (draft?.state !== 'drafted') return { state, rendered: false };
    await executeUpdateRetrying(
      handle,
      updates.renderDocument,
      { kind: 'draft_conclusion', by },
      {
        updateId: updateIdOf('renderDocument', o.submissionId && `${o.submissionId}-render`),
      },
    );
    return { state, rendered: true };
  });
  const n = parsed.body.sections.length;
  process.stdout.write(
    `Đã ghi nhận nội dung kết luận của ${shown(state.config.unit.name)} (${n} mục)${rendered ? '; đã lập lại Dự thảo Kết luận kiểm tra' : ''}.\n`,
  );
}

/** Registers `kiemtra conclusion text|record`. */
export function registerConclusion(program: Command): void {
  const cmd = program
    .command('conclusion')
    .description('Nội dung Kết luận kiểm tra theo từng vấn đề: lấy ra để biên tập, ghi nhận bản đã sửa');
  const common = (c: Command) =>
    withSubmissionId(
      c
        .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
        .option('--by <người>', 'người thực hiện (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
        .option('--year <năm>', 'năm của cuộc kiểm tra (mặc định: cuộc kiểm tra đang mở của đơn vị)'),
    );
  common(
    cmd
      .command('text')
      .description('Ghi nội dung kết luận (bản đã ghi nhận, hoặc lập từ các phát hiện) ra tệp để Đoàn kiểm tra biên tập')
      .option('--out <tệp>', 'tệp ghi ra (mặc định: in ra màn hình)'),
  ).action((unit: string, o: Common & { out?: string }) => writeText(unit, o));
  common(
    cmd
      .command('record')
      .description('Ghi nhận nội dung kết luận đã biên tập (trước khi ký); dự thảo và kết luận lập theo nội dung này')
      .requiredOption('--file <tệp>', 'tệp nội dung đã sửa (định dạng của kiemtra conclusion text)'),
  ).action((unit: string, o: Common & { file: string }) => recordText(unit, o));
}
