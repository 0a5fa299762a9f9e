import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { DOCUMENT_KINDS } from '../../../domain/documents';
import { INSPECTION_DOCUMENT_KINDS } from '../../../domain/document-life';
import { displayLine as shown } from '../../../domain/safe-text';
import { describeIssue } from '../../../domain/validation';
import type { InspectionState, UpdateInputs } from '../../../workflows/inspection/contract';
import { actor, updateIdOf, withSubmissionId, yearOption } from '../args';
import { registerRoundDocuments } from './round-documents';
/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../documents') as typeof import('../../documents')),
  ...(require('../../../workflows/inspection/contract') as typeof import('../../../workflows/inspection/contract')),
});

/* `kiemtra documents`: the documents of one inspection (docs/documents-life.md). */

interface Common {
  by?: string;
  year?: string;
  json?: boolean;
  submissionId?: string;
}

/**
 * A unit's inspection: that year's with `--year` (checked before anything connects), else the one
 * visibility finds by unit (client/find-process.ts), as every command about a unit does.
 */
function inspectionOf(unit: string, year?: string): (client: Client) => Promise<string> {
  const y = year === undefined ? undefined : yearOption(year);
  return (client) => {
    const { findUnitProcess } = require('../../find-process') as typeof import('../../find-process');
    return findUnitProcess(client, { type: 'inspection', unit, ...(y === undefined ? {} : { year: y }) });
  };
}

type DocumentUpdate = 'signDocument' | 'uploadSignedDocument' | 'issueDocument' | 'withdrawDocument' | 'renderDocument';

/** Sends one document update (checked with its schema first: bad input exits 2, nothing sent) and prints the document. */
async function update<K extends DocumentUpdate>(unit: string, o: Common, name: K, payload: UpdateInputs[K], done: string): Promise<void> {
  const { withClient, updates, updateSchemas, executeUpdateRetrying } = temporal();
  const r = updateSchemas[name].safeParse(payload);
  if (!r.success) throw new UserFacingError(`${describeIssue(r.error.issues[0]!)}.`, ExitCode.badInput);
  const find = inspectionOf(unit, o.year);
  const state: InspectionState = await withClient(async (client) =>
    executeUpdateRetrying(client.workflow.getHandle(await find(client)), updates[name], payload, {
      updateId: updateIdOf(name, o.submissionId),
    }),
  );
  const doc = state.documents?.filter((d) => d.kind === payload.kind).at(-1);
  if (o.json) process.stdout.write(`${JSON.stringify(doc ?? null, null, 2)}\n`);
  else process.stdout.write(`${done}: ${temporal().documentLines(doc ? [doc] : [])[0]}\n`);
}

function withCommon(cmd: Command): Command {
  return withSubmissionId(
    cmd
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .argument('<loại>', `loại văn bản: ${INSPECTION_DOCUMENT_KINDS.join(', ')}`)
      .option('--by <người>', 'người thực hiện (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
      .option('--year <năm>', 'năm của cuộc kiểm tra (mặc định: năm nay)')
      .option('--json', 'in văn bản sau khi cập nhật dưới dạng JSON'),
  );
}

/** Registers `kiemtra documents list|get|render|sign|upload|issue|withdraw`. */
export function registerDocuments(program: Command): void {
  const cmd = program
    .command('documents')
    .description('Văn bản của một cuộc kiểm tra: xem, lấy tệp, lập lại, ký duyệt, tải bản ký số, ban hành, thu hồi');
  registerRoundDocuments(cmd);

  cmd
    .command('list')
    .description('Các văn bản của một cuộc kiểm tra: số, ngày, trạng thái, người ký, tệp')
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
    .option('--year <năm>', 'năm (mặc định: năm nay)')
    .option('--json', 'in JSON')
    .action(async (unit: string, o: Common) => {
      const { withClient, inspectionDocuments, documentLines } = temporal();
      const find = inspectionOf(unit, o.year);
      const { state, documents } = await withClient(async (client) => inspectionDocuments(client, await find(client)));
      if (o.json) process.stdout.write(`${JSON.stringify(documents, null, 2)}\n`);
      else
        process.stdout.write(
          `Văn bản của cuộc kiểm tra tại ${shown(state.config.unit.name)}:\n${documentLines(documents)
            .map((l) => `  ${l}`)
            .join('\n')}\n`,
        );
    });

  cmd
    .command('get')
    .description('Lấy tệp của văn bản (bản ký số hoặc PDF nếu có, nếu không là .docx) ra thư mục hoặc tệp')
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
    .argument('<loại>', `loại văn bản: ${INSPECTION_DOCUMENT_KINDS.join(', ')}`)
    .option('--out <đường_dẫn>', 'tệp hoặc thư mục ghi ra (mặc định: thư mục hiện tại)', '.')
    .option('--docx', 'lấy bản .docx')
    .option('--pdf', 'lấy bản PDF')
    .option('--year <năm>', 'năm (mặc định: năm nay)')
    .action(async (unit: string, kind: string, o: Common & { out: string; docx?: boolean; pdf?: boolean }) => {
      const { withClient, inspectionDocuments, documentKindOf, fileOf, writeDocumentFile } = temporal();
      const k = documentKindOf(kind);
      const find = inspectionOf(unit, o.year);
      const { documents } = await withClient(async (client) => inspectionDocuments(client, await find(client)));
      const doc = documents.filter((d) => d.kind === k).at(-1);
      if (!doc) throw new UserFacingError(`chưa có ${DOCUMENT_KINDS[k].label} của ${shown(unit)}.`, ExitCode.badInput);
      const file = fileOf(doc, o.docx ? 'docx' : o.pdf ? 'pdf' : undefined);
      if (!file)
        throw new UserFacingError(`${DOCUMENT_KINDS[k].label} chưa có tệp${o.docx ? ' .docx' : o.pdf ? ' PDF' : ''}.`, ExitCode.badInput);
      const written = await writeDocumentFile(file, o.out);
      process.stdout.write(`Đã ghi ${shown(written)} (sha256 ${file.sha256}).\n`);
    });

  withCommon(cmd.command('render').description('Lập lại dự thảo của văn bản (chưa ký) từ dữ liệu hiện tại')).action(
    (unit: string, kind: string, o: Common) =>
      update(unit, o, 'renderDocument', { kind: temporal().documentKindOf(kind), by: actor(o.by) }, 'Đã lập lại'),
  );

  withCommon(
    cmd
      .command('sign')
      .description('Người ký (theo kế hoạch) duyệt ký văn bản')
      .requiredOption('--signer <họ_tên>', 'người ký: người ký của Văn phòng, hoặc Trưởng đoàn / Phó Trưởng đoàn được giao ký'),
  ).action((unit: string, kind: string, o: Common & { signer: string }) =>
    update(unit, o, 'signDocument', { kind: temporal().documentKindOf(kind), signer: o.signer, by: actor(o.by) }, 'Đã ký duyệt'),
  );

  withCommon(cmd.command('upload').description('Tải lên bản PDF đã ký số; chữ ký số được kiểm tra, bản không hợp lệ bị từ chối'))
    .requiredOption('--file <tệp.pdf>', 'tệp PDF đã ký số')
    .action(async (unit: string, kind: string, o: Common & { file: string }) => {
      const { storeSignedPdf, documentKindOf } = temporal();
      const k = documentKindOf(kind);
      const file = await storeSignedPdf(o.file);
      await update(unit, o, 'uploadSignedDocument', { kind: k, file, by: actor(o.by) }, 'Đã nhận bản ký số');
    });

  withCommon(
    cmd
      .command('issue')
      .description('Cấp số (từ sổ đăng ký văn bản đi, hoặc số của Văn phòng với --number) và ban hành; văn bản được gửi kèm email')
      .option('--number <số>', 'số do hệ thống quản lý văn bản của Văn phòng cấp, ví dụ 08/TB-VP (số đã dùng bị từ chối)')
      .option('--signer <họ_tên>', 'người đã ký trên giấy, khi văn bản chưa được ký duyệt hay tải bản ký số'),
  ).action(async (unit: string, kind: string, o: Common & { number?: string; signer?: string }) => {
    const { documentKindOf, refuseUsedNumber, withClient } = temporal();
    const k = documentKindOf(kind);
    // A number already in the register is refused here, before the inspection sees the request.
    if (o.number) await withClient((client) => refuseUsedNumber(client, k, o.number!));
    await update(
      unit,
      o,
      'issueDocument',
      { kind: k, ...(o.number ? { number: o.number } : {}), ...(o.signer ? { signer: o.signer } : {}), by: actor(o.by) },
      'Đã ban hành',
    );
  });

  withCommon(cmd.command('withdraw').description('Thu hồi văn bản: số vẫn giữ trong sổ, đánh dấu đã thu hồi'))
    .requiredOption('--reason <lý_do>', 'lý do thu hồi')
    .action((unit: string, kind: string, o: Common & { reason: string }) =>
      update(unit, o, 'withdrawDocument', { kind: temporal().documentKindOf(kind), reason: o.reason, by: actor(o.by) }, 'Đã thu hồi'),
    );
}
