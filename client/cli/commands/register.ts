import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { formatDate, type LocalDate } from '../../../domain/dates';
import {
  DOCUMENT_TYPE_CODES,
  DOCUMENT_TYPES,
  documentTypeOf,
  ISSUING_BODIES,
  ISSUING_BODY_CODES,
  issuingBodyOf,
  numberLine,
  unknownBodyMessage,
  unknownTypeMessage,
  type DocumentType,
  type IssuingBody,
} from '../../../domain/document-register';
import { displayLine as shown } from '../../../domain/safe-text';
import { describeIssue } from '../../../domain/validation';
import type { RegisterEntry, RegisterState, RegisterUpdateInputs } from '../../../workflows/document-register/contract';
import { actor, parseDateArg, parseYearArg, submissionIdOf, withSubmissionId, yearOption } from '../args';
/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../register') as typeof import('../../register')),
  ...(require('../../../workflows/document-register/contract') as typeof import('../../../workflows/document-register/contract')),
});

/* `kiemtra register`: the register of outgoing documents (sổ đăng ký văn bản đi, docs/register.md). */

function parseBody(v: string): IssuingBody {
  const b = issuingBodyOf(v);
  if (!b) throw new InvalidArgumentError(`${unknownBodyMessage(shown(v))}.`);
  return b;
}

function parseType(v: string): DocumentType {
  const t = documentTypeOf(v);
  if (!t) throw new InvalidArgumentError(`${unknownTypeMessage(shown(v))}.`);
  return t;
}

/** Checks a payload with the update's own schema before sending it: bad input exits 2, nothing sent. */
function checked<K extends keyof RegisterUpdateInputs>(name: K, payload: RegisterUpdateInputs[K]): RegisterUpdateInputs[K] {
  const { registerUpdateSchemas } = temporal();
  const r = registerUpdateSchemas[name].safeParse(payload);
  if (!r.success) throw new UserFacingError(`${describeIssue(r.error.issues[0]!)}.`, ExitCode.badInput);
  return payload;
}

const STATUS = (e: RegisterEntry) =>
  e.status === 'withdrawn' ? 'ĐÃ THU HỒI' : e.source === 'recorded' ? 'ghi từ hệ thống của Văn phòng' : 'đã cấp số';

/** One line of the register, every free text shown safely. */
export function entryLine(e: RegisterEntry): string {
  const who = [e.signer ? `người ký: ${shown(e.signer)}` : undefined, `người đăng ký: ${shown(e.by)}`].filter(Boolean).join('; ');
  const withdrawn = e.withdrawal ? `; thu hồi: ${shown(e.withdrawal.reason)} (${shown(e.withdrawal.by)})` : '';
  return `${e.symbol.padEnd(12)} ${formatDate(e.issuedOn)}  ${DOCUMENT_TYPES[e.type].name}: ${shown(e.subject)} (${who}) [${STATUS(e)}${withdrawn}]`;
}

/** A register as people read it: its title, then one line per number in order. */
export function registerLines(s: RegisterState): string[] {
  const withdrawn = s.entries.filter((e) => e.status === 'withdrawn').length;
  const sorted = [...s.entries].sort((a, b) => a.series.localeCompare(b.series) || a.number - b.number);
  return [
    `Sổ đăng ký văn bản đi năm ${s.year}: ${ISSUING_BODIES[s.body].name} (${s.body}): ${s.entries.length} số${withdrawn ? `, ${withdrawn} đã thu hồi` : ''}${s.ownSeries.length ? `; sổ riêng cho ${s.ownSeries.map((t) => DOCUMENT_TYPES[t].name.toLowerCase()).join(', ')}` : ''}`,
    ...sorted.map((e) => `  ${entryLine(e)}`),
  ];
}

function printed(what: string, workflowId: string, e: RegisterEntry, json?: boolean): void {
  process.stdout.write(
    json
      ? `${JSON.stringify({ workflowId, entry: e }, null, 2)}\n`
      : `${what}: ${numberLine(e.number, e.type, symbolBody(e))} ngày ${formatDate(e.issuedOn)}, ${DOCUMENT_TYPES[e.type].name.toLowerCase()} "${shown(e.subject)}" (sổ ${workflowId}).\n`,
  );
}

/** The body of an entry's symbol ("VP" of "08/TB-VP", "VP" of "15/VP"). */
const symbolBody = (e: RegisterEntry) => e.symbol.slice(e.symbol.lastIndexOf(e.type === 'CV' ? '/' : '-') + 1) as IssuingBody;

/** Registers `kiemtra register list|allocate|record|withdraw`. */
export function registerRegister(program: Command): void {
  const cmd = program
    .command('register')
    .description('Sổ đăng ký văn bản đi (Nghị định 30/2020/NĐ-CP, Điều 15): cấp số, ghi số, thu hồi, xem sổ');

  const body = `cơ quan ban hành: ${ISSUING_BODY_CODES.join(', ')}`;
  const type = `loại văn bản: ${DOCUMENT_TYPE_CODES.join(', ')}`;

  cmd
    .command('list')
    .description('In sổ đăng ký văn bản đi: mọi số đã cấp, ngày ban hành, trích yếu, người ký, trạng thái')
    .option('--year <năm>', 'năm của sổ (mặc định: mọi năm)', parseYearArg)
    .option('--body <cơ_quan>', body, parseBody)
    .option('--json', 'in JSON')
    .action(async (o: { year?: number; body?: IssuingBody; json?: boolean }) => {
      const { withClient, listRegisters } = temporal();
      const states = await withClient((client) => listRegisters(client, { year: o.year, body: o.body }));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(states, null, 2)}\n`);
        return;
      }
      if (states.length === 0) {
        const which = [o.year ? `năm ${o.year}` : undefined, o.body ? `của ${ISSUING_BODIES[o.body].name}` : undefined]
          .filter(Boolean)
          .join(' ');
        process.stdout.write(`Chưa có sổ đăng ký văn bản đi nào${which ? ` ${which}` : ''}.\n`);
        return;
      }
      process.stdout.write(`${states.flatMap((s, i) => [...(i ? [''] : []), ...registerLines(s)]).join('\n')}\n`);
    });

  const common = (c: Command) =>
    withSubmissionId(
      c
        .requiredOption('--body <cơ_quan>', body, parseBody)
        .option('--year <năm>', 'năm của sổ (mặc định: năm nay)')
        .option('--by <người>', 'người đăng ký (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
        .option('--json', 'in mục của sổ dưới dạng JSON'),
    );
  type Common = { body: IssuingBody; year?: string; by?: string; json?: boolean; submissionId?: string };
  const call = (name: string, o: Common, taskQueue: string) => ({ taskQueue, requestId: `${name}:${submissionIdOf(o.submissionId)}` });

  common(
    cmd
      .command('allocate')
      .description('Cấp số tiếp theo của sổ cho một văn bản (mỗi số cấp một lần, không dùng lại)')
      .requiredOption('--type <loại>', type, parseType)
      .requiredOption('--subject <trích_yếu>', 'trích yếu nội dung văn bản')
      .option('--signer <người_ký>', 'người ký văn bản')
      .option('--own-series <loại...>', 'khi mở sổ của năm: các loại văn bản có sổ riêng, ví dụ QĐ TB', (v, prev: DocumentType[] = []) => [
        ...prev,
        parseType(v),
      ])
      .addHelpText('after', '\nVí dụ:\n  kiemtra register allocate --body VP --type TB --subject "Lịch làm việc của Đoàn kiểm tra"'),
  ).action(async (o: Common & { type: DocumentType; subject: string; signer?: string; ownSeries?: DocumentType[] }) => {
    const { withClient, allocate } = temporal();
    const payload = checked('allocate', { type: o.type, subject: o.subject, by: actor(o.by), ...(o.signer ? { signer: o.signer } : {}) });
    const a = await withClient((client, settings) =>
      allocate(
        client,
        { body: o.body, year: yearOption(o.year), ownSeries: o.ownSeries },
        payload,
        call('allocate', o, settings.taskQueue),
      ),
    );
    printed('Đã cấp số', a.workflowId, a.entry, o.json);
    if (o.ownSeries && o.ownSeries.includes(a.entry.type) !== (a.entry.series === a.entry.type))
      process.stderr.write(
        `Lưu ý: sổ năm ${a.entry.issuedOn.slice(0, 4)} đã mở từ trước với cách chia sổ khác; --own-series chỉ có hiệu lực khi mở sổ của năm.\n`,
      );
  });

  common(
    cmd
      .command('record')
      .description('Ghi vào sổ số mà hệ thống quản lý văn bản của Văn phòng đã cấp (số đã dùng bị từ chối)')
      .requiredOption('--number <số>', 'số và ký hiệu, ví dụ 08/TB-VP')
      .requiredOption('--type <loại>', type, parseType)
      .requiredOption('--subject <trích_yếu>', 'trích yếu nội dung văn bản')
      .option('--signer <người_ký>', 'người ký văn bản')
      .option('--issued <ngày>', 'ngày ban hành (mặc định: hôm nay)', parseDateArg),
  ).action(async (o: Common & { number: string; type: DocumentType; subject: string; signer?: string; issued?: LocalDate }) => {
    const { withClient, record } = temporal();
    const payload = checked('record', {
      number: o.number,
      type: o.type,
      subject: o.subject,
      by: actor(o.by),
      ...(o.signer ? { signer: o.signer } : {}),
      ...(o.issued ? { issuedOn: o.issued } : {}),
    });
    const year = o.year ?? o.issued?.slice(0, 4);
    const a = await withClient((client, settings) =>
      record(client, { body: o.body, year: yearOption(year) }, payload, call('record', o, settings.taskQueue)),
    );
    printed('Đã ghi vào sổ', a.workflowId, a.entry, o.json);
  });

  common(
    cmd
      .command('withdraw')
      .description('Thu hồi một văn bản: số vẫn giữ trong sổ, đánh dấu đã thu hồi')
      .requiredOption('--number <số>', 'số và ký hiệu, ví dụ 08/TB-VP')
      .requiredOption('--reason <lý_do>', 'lý do thu hồi'),
  ).action(async (o: Common & { number: string; reason: string }) => {
    const { withClient, withdraw } = temporal();
    const payload = checked('withdraw', { number: o.number, reason: o.reason, by: actor(o.by) });
    const a = await withClient((client, settings) =>
      withdraw(client, { body: o.body, year: yearOption(o.year) }, payload, call('withdraw', o, settings.taskQueue)),
    );
    printed('Đã thu hồi văn bản', a.workflowId, a.entry, o.json);
  });
}
