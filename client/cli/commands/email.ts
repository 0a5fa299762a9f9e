import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { dataDir } from '../../../config/paths';
import { formatLocalDateTime } from '../../../domain/dates';
import { EMAIL_KINDS, EMAIL_LABELS, type EmailKind } from '../../../emails/kinds';
import { displayLine as shown } from '../../../domain/safe-text';

/* eslint-disable @typescript-eslint/no-require-imports -- heavy modules load only for the command that needs them */

/** `kiemtra email preview <kind>` and `kiemtra outbox`. */
export function registerEmail(program: Command): void {
  const email = program.command('email').description('Mẫu email gửi đơn vị và điều phối viên');
  email
    .command('preview')
    .description('Ghi <loại>.eml và <loại>.html của một cuộc kiểm tra mẫu để xem trước')
    .argument('<loại>', 'loại email, ví dụ notice, report_reminder, conclusion', (v: string) => {
      if (!(EMAIL_KINDS as readonly string[]).includes(v))
        throw new InvalidArgumentError(`loại email "${v}" không tồn tại; các loại: ${EMAIL_KINDS.join(', ')}.`);
      return v;
    })
    .option('-o, --out <thư_mục>', 'thư mục ghi tệp', '.')
    .addHelpText('after', '\nVí dụ:\n  kiemtra email preview notice -o /tmp/xem-truoc')
    .action(async (kind: string, opts: { out: string }) => {
      const { buildMessage } = require('../../../activities/email') as typeof import('../../../activities/email');
      const { sampleRequest } = require('../../../emails/sample') as typeof import('../../../emails/sample');
      const MailComposer = require('nodemailer/lib/mail-composer') as new (m: unknown) => { compile(): { build(): Promise<Buffer> } };
      const request = sampleRequest(kind as never);
      const message = buildMessage(
        request,
        { from: { address: 'kiemtra@haiphong.example', name: 'Văn phòng UBND thành phố Hải Phòng' }, messageIdDomain: 'haiphong.example' },
        new Date('2026-05-14T01:00:00Z'),
      );
      const raw = await new MailComposer(message).compile().build();
      fs.mkdirSync(opts.out, { recursive: true });
      const eml = path.join(opts.out, `${kind}.eml`);
      const html = path.join(opts.out, `${kind}.html`);
      fs.writeFileSync(eml, raw);
      fs.writeFileSync(html, String(message.html));
      process.stdout.write(`${eml}\n${html}\n`);
    });

  program
    .command('outbox')
    .description('Liệt kê thư trong hộp thư thử nghiệm của `npm start` (.data/outbox)')
    .option('--json', 'in JSON cho script')
    .action(async (opts: { json?: boolean }) => {
      const { simpleParser } = require('mailparser') as typeof import('mailparser');
      const dir = path.join(dataDir(), 'outbox');
      const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
      const rows = [];
      for (const f of files) {
        const m = await simpleParser(fs.readFileSync(path.join(dir, f)));
        rows.push({
          file: f,
          date: m.date?.toISOString() ?? '',
          kind: String(m.headers.get('x-kiemtra-kind') ?? ''),
          to: (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).map((a) => a.text).join(', '),
          subject: m.subject ?? '',
        });
      }
      rows.sort((a, b) => a.date.localeCompare(b.date));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`Hộp thư trống (${dir}).\n`);
        return;
      }
      const { compactTable } = require('../listing-table') as typeof import('../listing-table');
      const table = compactTable(['STT', 'Lúc gửi', 'Loại thư', 'Người nhận', 'Tiêu đề']);
      rows.forEach((r, i) =>
        table.push([
          String(i + 1),
          r.date ? formatLocalDateTime(Date.parse(r.date)) : '',
          EMAIL_LABELS[r.kind as EmailKind] ?? shown(r.kind),
          shown(r.to),
          shown(r.subject),
        ]),
      );
      process.stdout.write(`${table.toString()}\n${rows.length} thư, tại ${dir}\n`);
    });
}
