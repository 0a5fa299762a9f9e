import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/** A running mail catcher. */
export interface MailCatcher {
  port: number;
  dir: string;
  close: () => Promise<void>;
}

/** The outbox file name of a message: its Message-ID, made safe, so a resent message replaces itself. */
export function outboxFileName(messageId: string | undefined, fallback: string): string {
  const id = (messageId ?? fallback).replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
  return `${id}.eml`;
}

/** Called for each message the catcher accepts, with its Message-ID (if it has one). */
export type OnAccepted = (messageId: string | undefined) => void;

/**
 * A local SMTP server for `npm start` when no real SMTP host is configured: every message it accepts
 * is stored as an .eml file in `dir` (named by Message-ID, so a retried send never makes a second
 * file). The emails carry live links: the folder is 0700 and each file 0600, whatever the umask.
 * `kiemtra outbox` lists them. Loopback only. `onAccepted` lets the tests and the bench count
 * deliveries (test/kit/mail-catcher.ts).
 */
export async function startMailCatcher(dir: string, port: number, host = '127.0.0.1', onAccepted?: OnAccepted): Promise<MailCatcher> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  let counter = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    // A local catcher: any credentials are accepted, and never stored.
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    logger: false,
    onData(stream: SMTPServerDataStream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const head = raw.subarray(0, Math.min(raw.length, 16_384)).toString('utf8');
        const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1];
        onAccepted?.(messageId);
        const file = path.join(dir, outboxFileName(messageId, `no-id-${Date.now()}-${++counter}`));
        fs.writeFile(file, raw, { mode: 0o600 }, (err) => callback(err ?? null));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    dir,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
