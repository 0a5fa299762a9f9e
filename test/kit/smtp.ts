import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { ActivityDeps } from '../../activities';

/** A message the test SMTP server accepted, raw and parsed. */
export interface Received {
  raw: string;
  parsed: ParsedMail;
  envelopeTo: string[];
  at: Date;
}

/** Decides how the server answers a message: undefined accepts, else an SMTP error code and text. */
export type Verdict = (attempt: number, session: SMTPServerSession) => { code: number; message: string } | undefined;

/** A real SMTP server on loopback (the `smtp-server` package), collecting what it accepts. */
export interface TestSmtp {
  port: number;
  messages: Received[];
  /** How many DATA commands were answered (accepted or not). */
  attempts: () => number;
  setVerdict: (v: Verdict | undefined) => void;
  /** Makes the server wait this long before answering each message's DATA (a slow mail server). */
  setDelay: (ms: number) => void;
  /** Messages whose DATA was received and whose answer is not yet given. */
  inProgress: () => number;
  /** Stops listening (connections are refused) until {@link TestSmtp.restart}. */
  stop: () => Promise<void>;
  /** Listens again on the same port. */
  restart: () => Promise<void>;
  /** Activity dependencies that send through this server. */
  mail: () => ActivityDeps['mail'];
  close: () => Promise<void>;
}

/** Starts the test SMTP server. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: Received[] = [];
  let attempts = 0;
  let verdict: Verdict | undefined;
  let delayMs = 0;
  let inProgress = 0;
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        const answer = async () => {
          inProgress++;
          if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
          inProgress--;
          attempts++;
          const v = verdict?.(attempts, session);
          if (v) {
            const err = Object.assign(new Error(v.message), { responseCode: v.code });
            callback(err);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then((parsed) => {
            messages.push({ raw, parsed, envelopeTo: session.envelope.rcptTo.map((r) => r.address), at: new Date() });
            callback();
          }, callback);
        };
        stream.on('end', () => void answer());
      },
    });
  let server = make();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  let stopped = false;
  return {
    port,
    messages,
    attempts: () => attempts,
    setVerdict: (v) => (verdict = v),
    setDelay: (ms) => (delayMs = ms),
    inProgress: () => inProgress,
    mail: () => ({
      transport: nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }),
      settings: {
        from: { address: 'kiemtra@haiphong.example', name: 'Văn phòng UBND thành phố Hải Phòng' },
        messageIdDomain: 'haiphong.example',
      },
    }),
    stop: async () => {
      stopped = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    restart: async () => {
      stopped = false;
      server = make();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: () => (stopped ? Promise.resolve() : new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}
