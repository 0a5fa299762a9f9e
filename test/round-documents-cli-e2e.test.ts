import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { loadTemplates } from '../config/templates';
import { localDateOf } from '../domain/dates';
import { createDocumentDeps, roundDocumentContexts } from '../worker/documents';
import { roundDocumentStateQuery, roundDocumentWorkflowId } from '../workflows/round-document/contract';
import { cleanEnv, kiemtra } from './kit/process';
import { makeCa } from './kit/signed-pdf';
import { useWorkerStack } from './kit/stack';
import { devServerEnv } from './kit/temporal';

/**
 * `kiemtra documents round` on a dev server with the built CLI and a worker with the real
 * renderer (the CLI and the worker share the data folder): the Decision drafted from a copy of
 * the shipped plan that names the Vice-Chairman, a refused signer (one `Lỗi:` line, exit 2, no
 * event), signed, issued as NN/QĐ-UBND, written out; the report drafted from the round's figures
 * and issued as NN/BC-VP on the Office's word; a used number refused before any update.
 */
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-round-documents-cli-'));
const ca = makeCa({ cn: 'Kiemtra Test CA' });
const caFile = path.join(data, 'ca.pem');
fs.writeFileSync(caFile, ca.pem);
const stack = useWorkerStack(devServerEnv, {
  documents: () =>
    createDocumentDeps({
      templates: loadTemplates({}),
      signing: { caFile, caCertificates: [new X509Certificate(ca.pem)] },
      contexts: roundDocumentContexts(),
      dir: path.join(data, 'documents'),
    }),
});
const year = Number(localDateOf(Date.now()).slice(0, 4));
// A round of its own (the dev server is shared by the file's tests only, but ids must not meet other runs).
const ROUND = `e2e-round-docs-${process.pid}`;
const planFile = path.join(data, 'plan.yaml');
const shipped = parseYaml(fs.readFileSync(path.join(__dirname, '..', 'plans', 'haiphong-2026.yaml'), 'utf8')) as Record<string, unknown> & {
  documents: Record<string, unknown>;
};
fs.writeFileSync(
  planFile,
  stringify({
    ...shipped,
    round: ROUND,
    documents: {
      ...shipped.documents,
      office: { name: 'Vũ Thị Hạnh', position: 'Phó Chánh Văn phòng UBND thành phố', authority: 'KT.', signsFor: 'Chánh Văn phòng' },
      chairman: { name: 'Nguyễn Văn Phó', position: 'Phó Chủ tịch', authority: 'KT.', signsFor: 'Chủ tịch' },
    },
  }),
);

describe('kiemtra documents round (dev server, built CLI)', () => {
  it('drafts, refuses a wrong signer, signs, issues and writes out the Decision; drafts and issues the report', async () => {
    const env = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_DATA_DIR: data,
      KIEMTRA_YEAR: String(year),
      KIEMTRA_ACTOR: 'Văn thư Văn phòng',
      KIEMTRA_SIGNING_CA: caFile,
    });
    const cli = (...args: string[]) => kiemtra(['documents', 'round', ROUND, ...args], env);
    const h = stack.env.client.workflow.getHandle(roundDocumentWorkflowId(ROUND, 'team_decision'));
    const events = async () => (await h.fetchHistory()).events!.length;

    const none = await cli('decision', 'list');
    expect([none.code, none.stderr.trim()]).toEqual([
      2,
      `Lỗi: chưa có Quyết định thành lập Đoàn kiểm tra của đợt ${ROUND}; lập dự thảo trước: kiemtra documents round ${ROUND} decision draft.`,
    ]);

    const drafted = await cli('decision', 'draft', '--plan', planFile);
    expect(drafted.code).toBe(0);
    expect(drafted.stdout).toMatch(
      /^Đã lập dự thảo: team_decision +lần 1 +Đã dự thảo +chưa cấp số; tệp: team_decision-chua-so\.(pdf|docx) \(sha256 [0-9a-f]{12}…\)\n$/,
    );

    const before = await events();
    const wrong = await cli('decision', 'sign', '--signer', 'Trần Văn Khác');
    expect([wrong.code, wrong.stderr.trim()]).toEqual([
      2,
      'Lỗi: "Trần Văn Khác" không phải người ký Quyết định thành lập Đoàn kiểm tra; người ký theo kế hoạch: Nguyễn Văn Phó (KT. Phó Chủ tịch)',
    ]);
    expect(await events()).toBe(before);

    expect((await cli('decision', 'sign', '--signer', 'Nguyễn Văn Phó')).code).toBe(0);
    const issued = await cli('decision', 'issue');
    expect(issued.code).toBe(0);
    expect(issued.stdout).toMatch(
      /^Đã ban hành: team_decision +lần 1 +Đã ban hành +số \d{2,}\/QĐ-UBND ngày \d{2}\/\d{2}\/\d{4}; người ký: Nguyễn Văn Phó/,
    );
    const symbol = (await h.query(roundDocumentStateQuery)).documents[0]!.symbol!;

    const out = path.join(data, 'ra');
    fs.mkdirSync(out);
    const got = await cli('decision', 'get', '--docx', '--out', out);
    expect(got.code).toBe(0);
    expect(fs.existsSync(path.join(out, `team_decision-${symbol.replace('/', '-').replace('Đ', 'D')}.docx`))).toBe(true);

    const report = await cli('report', 'draft', '--plan', planFile);
    expect(report.code).toBe(0);
    // A number the UBND register already holds is not a number of the VP's BC register.
    const used = await cli('report', 'issue', '--number', symbol, '--signer', 'Vũ Thị Hạnh');
    expect(used.code).toBe(2);
    const issuedReport = await cli('report', 'issue', '--signer', 'vũ thị hạnh');
    expect(issuedReport.code).toBe(0);
    expect(issuedReport.stdout).toMatch(/^Đã ban hành: round_report +lần 1 +Đã ban hành +số \d{2,}\/BC-VP ngày /);
    const listed = await cli('report', 'list');
    expect(listed.stdout).toMatch(new RegExp(`^Báo cáo kết quả kiểm tra của đợt ${ROUND}:\\n  round_report +lần 1 +Đã ban hành`));
  });
});
