import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { simpleParser } from 'mailparser';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createEmailActivities } from '../activities/email';
import { sampleRequest } from '../emails/sample';
import { startMailCatcher } from '../worker/mail-catcher';
import { cleanEnv, kiemtra } from './kit/process';

const SETTINGS = {
  from: { address: 'kiemtra@haiphong.example', name: 'Văn phòng UBND thành phố Hải Phòng' },
  messageIdDomain: 'haiphong.example',
};
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-email-'));

describe('kiemtra email preview and kiemtra outbox', () => {
  it('writes <kind>.eml and <kind>.html that parse', async () => {
    const dir = tmp();
    const r = await kiemtra(['email', 'preview', 'revised_notice', '-o', dir]);
    expect(r.code).toBe(0);
    const parsed = await simpleParser(fs.readFileSync(path.join(dir, 'revised_notice.eml')));
    expect(parsed.subject).toBe('Thông báo điều chỉnh lịch kiểm tra công tác kiểm soát TTHC tại Sở Tài chính');
    expect(fs.readFileSync(path.join(dir, 'revised_notice.html'), 'utf8')).toContain('<html lang="vi">');
  });

  it('rejects an unknown kind with exit 2', async () => {
    const r = await kiemtra(['email', 'preview', 'notise']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Lỗi: loại email "notise" không tồn tại/);
  });

  it('lists the outbox', async () => {
    const data = tmp();
    const catcher = await startMailCatcher(path.join(data, 'outbox'), 0);
    try {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: catcher.port, secure: false, ignoreTLS: true });
      await new MockActivityEnvironment().run(createEmailActivities(transport, SETTINGS).sendEmail, sampleRequest('notice'));
    } finally {
      await catcher.close();
    }
    const r = await kiemtra(['outbox', '--json'], cleanEnv({ KIEMTRA_DATA_DIR: data }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ kind: 'notice', to: 'sotaichinh@haiphong.example' })]);
    const human = await kiemtra(['outbox'], cleanEnv({ KIEMTRA_DATA_DIR: data }));
    expect(human.stdout).toContain('1 thư');
    // A table: number, time, the kind in Vietnamese (emails/kinds.ts), recipient, subject.
    expect(human.stdout).toMatch(/│ STT +│ Lúc gửi +│ Loại thư +│ Người nhận +│ Tiêu đề +│/);
    expect(human.stdout).toMatch(/│ 1 +│ \d\d\/\d\d\/\d{4} \d\d:\d\d +│ Gửi thông báo lịch kiểm tra +│ sotaichinh@haiphong\.example +│/);
    expect(human.stdout).not.toMatch(/\bnotice\b/);
  });
});
