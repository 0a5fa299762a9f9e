import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { SMTPServer } from 'smtp-server';
import { createEmailActivities, messageIdOf, smtpTransport, type SendEmailResult } from '../activities/email';
import { loadSmtpSettings } from '../config/smtp';
import { EMAIL_KINDS } from '../emails/kinds';
import { sampleRequest } from '../emails/sample';
import { startMailCatcher, type MailCatcher } from '../worker/mail-catcher';
import { at8, clock, emailLines, inspectionInput, skipTo, state } from './kit/inspection';
import { startTestSmtp, type TestSmtp } from './kit/smtp';
import { sharedCalendar, sharedTargets, testWorker, timeSkippingEnv } from './kit/temporal';
import { INSPECTION_WORKFLOW, inspectionStartOptions } from '../workflows/inspection/contract';

const SETTINGS = {
  from: { address: 'kiemtra@haiphong.example', name: 'Văn phòng UBND thành phố Hải Phòng' },
  messageIdDomain: 'haiphong.example',
};
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-email-'));

describe('sending over real SMTP', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  const send = (kind: (typeof EMAIL_KINDS)[number], overrides: Partial<ReturnType<typeof sampleRequest>> = {}) =>
    new MockActivityEnvironment().run(createEmailActivities(smtp.mail().transport, SETTINGS).sendEmail, {
      ...sampleRequest(kind),
      ...overrides,
    }) as Promise<SendEmailResult>;

  it('delivers UTF-8 Vietnamese subject and body, text and HTML parts, and a parsable invite in local time', async () => {
    const result = await send('notice');
    const m = smtp.messages.find((x) => x.parsed.messageId === result.messageId)!;
    expect(m.parsed.subject).toBe('Thông báo lịch kiểm tra công tác kiểm soát TTHC năm 2026 tại Sở Tài chính');
    expect(m.parsed.text).toContain('Kính gửi: Sở Tài chính.');
    expect(m.parsed.html).toContain('<p>Kính gửi: Sở Tài chính.</p>');
    expect(m.parsed.from?.value).toEqual([{ name: 'Văn phòng UBND thành phố Hải Phòng', address: 'kiemtra@haiphong.example' }]);
    const ics = m.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    expect(ics).toBeDefined();
    const ICAL = (await import('ical.js')).default;
    const comp = new ICAL.Component(ICAL.parse(ics.content.toString('utf8')));
    expect(comp.getFirstPropertyValue('method')).toBe('REQUEST');
    const tz = new ICAL.Timezone(comp.getFirstSubcomponent('vtimezone')!);
    ICAL.TimezoneService.register(tz);
    const event = new ICAL.Event(comp.getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe('Đoàn kiểm tra công tác kiểm soát TTHC làm việc tại Sở Tài chính');
    expect(event.uid).toBe('inspection-2026-so-tai-chinh@kiemtra');
    expect(event.sequence).toBe(0);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-05-25T01:00:00.000Z'); // 08:00 in Hải Phòng
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-05-26T10:00:00.000Z'); // 17:00 in Hải Phòng
  });

  it('gives a retried send the same Message-ID, and the outbox keeps one copy', async () => {
    const dir = tmp();
    const catcher = await startMailCatcher(dir, 0);
    try {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: catcher.port, secure: false, ignoreTLS: true });
      const activity = createEmailActivities(transport, SETTINGS).sendEmail;
      const first = (await new MockActivityEnvironment({ attempt: 1 }).run(activity, sampleRequest('conclusion'))) as SendEmailResult;
      const second = (await new MockActivityEnvironment({ attempt: 2 }).run(activity, sampleRequest('conclusion'))) as SendEmailResult;
      expect(second.messageId).toBe(first.messageId);
      expect(first.messageId).toBe(
        messageIdOf({ workflowId: 'inspection-2026-so-tai-chinh', kind: 'conclusion', sequence: 1 }, 'haiphong.example'),
      );
      expect(fs.readdirSync(dir)).toEqual(['inspection-2026-so-tai-chinh.conclusion.1@haiphong.example.eml']);
    } finally {
      await catcher.close();
    }
  });

  it('cannot be used for header injection through a name', async () => {
    const req = sampleRequest('report_reminder');
    const result = await send('report_reminder', { data: { ...req.data, unitName: 'Sở Tài chính\r\nBcc: evil@example.com' } });
    const m = smtp.messages.find((x) => x.parsed.messageId === result.messageId)!;
    expect(m.parsed.headers.has('bcc')).toBe(false);
    expect(m.envelopeTo).toEqual(req.to);
  });

  it('fails a 550 as permanent (no retry) and a 451 as temporary', async () => {
    smtp.setVerdict(() => ({ code: 550, message: '5.1.1 Hộp thư không tồn tại' }));
    await expect(send('notice')).rejects.toMatchObject({ type: 'PermanentEmailFailure', nonRetryable: true });
    smtp.setVerdict(() => ({ code: 451, message: '4.3.0 Tạm thời bận' }));
    await expect(send('notice')).rejects.toMatchObject({ type: 'TemporaryEmailFailure', nonRetryable: false });
    smtp.setVerdict(undefined);
  });

  it('fails an email its data cannot write as permanent, sending nothing', async () => {
    const before = smtp.attempts();
    const req = sampleRequest('notice');
    const { reportBy: _dropped, ...incomplete } = req.data;
    await expect(send('notice', { data: incomplete })).rejects.toMatchObject({
      type: 'PermanentEmailFailure',
      nonRetryable: true,
      message: expect.stringMatching(/lacks reportBy/),
    });
    expect(smtp.attempts()).toBe(before);
  });

  it('treats a refused connection as temporary', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: 1, secure: false, ignoreTLS: true });
    await expect(
      new MockActivityEnvironment().run(createEmailActivities(transport, SETTINGS).sendEmail, sampleRequest('notice')),
    ).rejects.toMatchObject({
      type: 'TemporaryEmailFailure',
      nonRetryable: false,
    });
  });
});

describe('SMTP credentials', () => {
  it('never puts the password in an error', async () => {
    const server = new SMTPServer({
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (_auth, _session, cb) => cb(new Error('Invalid username or password')),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.server.address() as { port: number }).port;
    const secret = 'pw-VERY-secret-123';
    try {
      const settings = loadSmtpSettings({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_USER: 'kiemtra', SMTP_PASSWORD: secret });
      const activity = createEmailActivities(smtpTransport(settings), settings).sendEmail;
      const err = await new MockActivityEnvironment().run(activity, sampleRequest('notice')).catch((e: unknown) => e);
      expect(err).toMatchObject({ type: 'PermanentEmailFailure' });
      expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).not.toContain(secret);
      expect(String((err as Error).stack)).not.toContain(secret);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('an SMTP outage, time-skipped', () => {
  let env: TestWorkflowEnvironment;
  let smtp: TestSmtp;
  beforeAll(async () => {
    env = await timeSkippingEnv();
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
    await env?.teardown();
  });

  it('delivers every queued email once when the mail server comes back', async () => {
    const cal = sharedCalendar();
    const worker = await testWorker(env, { activityDeps: { calendar: cal, targets: sharedTargets(), mail: smtp.mail() } });
    await worker.runUntil(async () => {
      const { today } = await clock(env);
      const visit = cal.addWorkingDays(today, 8);
      const noticeDay = cal.addWorkingDays(visit, -7);
      const handles = [];
      for (const unit of ['UBND xã Kiến Hưng', 'UBND xã Hùng Thắng', 'UBND xã Trần Phú']) {
        handles.push(
          await env.client.workflow.start(
            INSPECTION_WORKFLOW,
            inspectionStartOptions(inspectionInput(unit, { start: visit, end: visit }), worker.options.taskQueue),
          ),
        );
      }
      await smtp.stop();
      await skipTo(env, noticeDay, '11:00');
      for (const h of handles) expect((await state(h)).emails.map((e) => e.status)).toEqual(['pending']);
      await smtp.restart();
      await skipTo(env, noticeDay, '14:00');
      for (const h of handles) {
        const s = await state(h);
        expect(s.emails.map((e) => `${e.kind}:${e.status}`)).toEqual(['notice:sent']);
        expect(smtp.messages.filter((m) => m.parsed.messageId === s.emails[0]!.messageId)).toHaveLength(1);
        await h.terminate('test done');
      }
    });
  });
});

describe('the npm start mail path, time-skipped', () => {
  let env: TestWorkflowEnvironment;
  let catcher: MailCatcher;
  const dir = tmp();
  beforeAll(async () => {
    env = await timeSkippingEnv();
    catcher = await startMailCatcher(dir, 0);
  });
  afterAll(async () => {
    await catcher?.close();
    await env?.teardown();
  });

  it('puts the notice in the outbox at 08:00 of the notice day for a visit 8 working days ahead', async () => {
    const cal = sharedCalendar();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: catcher.port, secure: false, ignoreTLS: true });
    const worker = await testWorker(env, {
      activityDeps: { calendar: cal, targets: sharedTargets(), mail: { transport, settings: SETTINGS } },
    });
    await worker.runUntil(async () => {
      const { today } = await clock(env);
      const visit = cal.addWorkingDays(today, 8);
      const noticeDay = cal.addWorkingDays(visit, -7);
      const input = inspectionInput('UBND phường An Biên', { start: visit, end: visit });
      const h = await env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, worker.options.taskQueue));
      await skipTo(env, noticeDay, '07:59');
      expect(fs.readdirSync(dir)).toEqual([]);
      await skipTo(env, noticeDay, '08:30');
      const s = await state(h);
      expect(emailLines(s)).toEqual([`notice → ${input.unit.emails[0]} @ ${at8(noticeDay)} (sent)`]);
      expect(fs.readdirSync(dir)).toEqual([`${h.workflowId}.notice.1@haiphong.example.eml`]);
      await h.terminate('test done');
    });
  });
});
