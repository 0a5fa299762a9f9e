import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DocumentDeps } from '../../activities/documents';

/**
 * Doubles of the two dependencies the documents' activities take (the renderer of documents/ and
 * the PAdES verifier are wired in the worker): a renderer that writes the kind, the unit and the
 * issue facts as the file's text, and a verifier that accepts a PDF carrying a `SIGNED-BY:` line
 * and refuses any other, as a broken signature, with a Vietnamese message.
 */
export const BROKEN_SIGNATURE = 'chữ ký số không khớp với nội dung tệp (tệp đã bị sửa sau khi ký)';

/** The documents' dependencies over a fresh folder, with the doubles. */
export function documentDoubles(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-documents-'))): DocumentDeps {
  return {
    dir,
    render: async (kind, state, facts) => {
      const unit = (state as { config: { unit: { name: string } } }).config.unit.name;
      const text = `${kind}\n${unit}\nSố: ${facts.symbol ?? '…'}\nNgày: ${facts.issuedOn ?? '…'}\nNgười ký: ${facts.signer?.name ?? '…'}\n${
        facts.replaces ? `Thay thế: ${facts.replaces.symbol} ngày ${facts.replaces.issuedOn}\n` : ''
      }`;
      const name = `${kind}${facts.symbol ? `-${facts.symbol.replace('/', '-')}` : '-du-thao'}`;
      return { docx: Buffer.from(`DOCX\n${text}`), pdf: Buffer.from(`%PDF-1.4\n${text}`), name };
    },
    verifySignature: async (pdf) => {
      const m = /SIGNED-BY:([^\n]+)\nSIGNED-AT:([^\n]+)/.exec(pdf.toString('utf8'));
      return m ? { ok: true, signer: m[1]!.trim(), signedAt: m[2]!.trim() } : { ok: false, message: BROKEN_SIGNATURE };
    },
  };
}

/** A signed PDF as the verifier double reads it. */
export function signedPdf(signer: string, signedAt: string, body = 'Thông báo đã ký'): Buffer {
  return Buffer.from(`%PDF-1.4\n${body}\nSIGNED-BY:${signer}\nSIGNED-AT:${signedAt}\n`);
}
