import type { Command } from 'commander';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { dateInText, formatDateVi, localDateOf, type LocalDate } from '../../../domain/dates';
import { REQUEST_STATUS_LABELS, requestStatus, type DocumentRequest } from '../../../domain/document-requests';
import { displayFileName, displayLine as shown } from '../../../domain/safe-text';
import type { InspectionState } from '../../../workflows/inspection/contract';
import { actor, collect, parseDateArg } from '../args';
import { compactTable } from '../listing-table';
import { findInspection, update, withCommon, yearArg, type Common } from './inspection';

/* The team's requests to a unit for more documents (Mục V.3.b of the plan): ask, answer on paper, list. */

/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../../workflows/inspection/contract') as typeof import('../../../workflows/inspection/contract')),
});

/** The requests of an inspection as a table: id, what, by when, status, answer. */
export function requestsTable(requests: readonly DocumentRequest[], today: LocalDate): string {
  if (requests.length === 0) return 'Chưa có yêu cầu cung cấp tài liệu nào.\n';
  const table = compactTable(['Mã', 'Tài liệu yêu cầu', 'Hạn', 'Người yêu cầu', 'Tình trạng', 'Đơn vị trả lời']);
  for (const r of requests) {
    const a = r.answer;
    table.push([
      r.id,
      r.items.map(shown).join('\n'),
      formatDateVi(r.dueBy),
      shown(r.by),
      REQUEST_STATUS_LABELS[requestStatus(r, today)],
      a
        ? [
            `nhận ${dateInText(a.receivedOn)}`,
            ...a.files.map((f) => `tệp: ${displayFileName(f.name)}`),
            ...(a.note ? [`ghi chú: ${shown(a.note)}`] : []),
          ].join('\n')
        : '',
    ]);
  }
  return `${table.toString()}\n`;
}

/** Registers `kiemtra request ask|answer|list`. */
export function registerRequests(program: Command): void {
  const request = program.command('request').description('Yêu cầu đơn vị cung cấp thêm tài liệu (điểm b khoản 3 Mục V của Kế hoạch)');
  withCommon(
    request
      .command('ask')
      .description(
        'Yêu cầu đơn vị cung cấp tài liệu: gửi email kèm đường dẫn để đơn vị gửi tệp, nhắc trước hạn, báo điều phối viên khi quá hạn',
      )
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .requiredOption('--item <tài_liệu>', 'một tài liệu, số liệu cần cung cấp, lặp lại được', collect(String))
      .requiredOption('--due <ngày>', 'hạn cung cấp (ngày làm việc, không trước hôm nay)', parseDateArg)
      .addHelpText(
        'after',
        '\nVí dụ:\n  kiemtra request ask "Sở Tài chính" --item "Sổ theo dõi hồ sơ tháng 10/2026" --item "Văn bản xin lỗi hồ sơ trễ hạn" --due 2026-12-08',
      ),
  ).action((unit: string, o: Common & { item: string[]; due: LocalDate }) => {
    const items = o.item.map((i) => i.trim()).filter(Boolean);
    if (items.length === 0) throw new UserFacingError('cần nêu ít nhất một tài liệu (--item "tên tài liệu").', ExitCode.badInput);
    return update(unit, o, 'requestDocuments', { items, dueBy: o.due, by: actor(o.by) }, 'Đã gửi yêu cầu cung cấp tài liệu');
  });
  withCommon(
    request
      .command('answer')
      .description('Ghi nhận đơn vị đã cung cấp tài liệu theo một yêu cầu ngoài đường dẫn (bản giấy, email)')
      .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
      .argument('<mã_yêu_cầu>', 'mã yêu cầu, ví dụ Y1')
      .requiredOption('--received <ngày>', 'ngày nhận tài liệu', parseDateArg)
      .requiredOption('--note <nội_dung>', 'tài liệu đã nhận, hình thức nhận'),
  ).action((unit: string, id: string, o: Common & { received: LocalDate; note: string }) =>
    update(
      unit,
      o,
      'answerDocumentRequest',
      { receivedOn: o.received, answers: [{ id, note: o.note }], by: actor(o.by) },
      `Đã ghi nhận tài liệu theo yêu cầu ${id}`,
    ),
  );
  request
    .command('list')
    .description('Các yêu cầu cung cấp tài liệu của một cuộc kiểm tra và tình trạng của từng yêu cầu')
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
    .option('--year <năm>', 'năm (mặc định: cuộc kiểm tra đang mở của đơn vị, nếu không thì cuộc gần nhất)')
    .option('--json', 'in JSON')
    .action(async (unit: string, o: { year?: string; json?: boolean }) => {
      const year = yearArg(o.year);
      const { withClient, stateQuery } = temporal();
      const state: InspectionState = await withClient(async (client) =>
        client.workflow.getHandle(await findInspection(client, unit, year)).query(stateQuery),
      );
      const requests = state.documentRequests ?? [];
      const today = localDateOf(Date.now());
      if (o.json)
        process.stdout.write(
          `${JSON.stringify(
            requests.map((r) => ({ ...r, status: requestStatus(r, today) })),
            null,
            2,
          )}\n`,
        );
      else process.stdout.write(`${shown(state.config.unit.name)}\n${requestsTable(requests, today)}`);
    });
}
