import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { formatDateVi } from '../../../domain/dates';
import type { Nominee } from '../../../domain/nominations';
import { displayLine as shown } from '../../../domain/safe-text';
import { describeMember } from '../../../domain/team';
import { describeIssue } from '../../../domain/validation';
import { nominationWorkflowId } from '../../../workflows/ids';
import type { NominationState, NominationUpdateInputs } from '../../../workflows/nomination/contract';
import { actor, collect, parseRoundArg, updateIdOf, withSubmissionId } from '../args';
/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../../workflows/nomination/contract') as typeof import('../../../workflows/nomination/contract')),
});

/* `kiemtra nominations`: the partner departments' nominations of members of the Đoàn (Mục V.2.a). */

/** `--member "Họ và tên|Chức vụ|Cơ quan|email"`, as a nominee (checked with the update's schema before sending). */
export function parseMember(v: string): Nominee {
  const parts = v.split('|').map((x) => x.trim());
  if (parts.length !== 4 || parts.some((p) => !p))
    throw new InvalidArgumentError(`thành viên "${v}" cần dạng "Họ và tên|Chức vụ|Cơ quan|email", đủ bốn phần`);
  const [name, position, organisation, email] = parts as [string, string, string, string];
  return { name, position, organisation, email };
}

/** The payload checked as the workflow checks it: a bad one never reaches the server. */
function checked(payload: NominationUpdateInputs['nominate']): NominationUpdateInputs['nominate'] {
  const r = temporal().nominationUpdateSchemas.nominate.safeParse(payload);
  if (!r.success) throw new UserFacingError(`${describeIssue(r.error.issues[0]!)}.`, ExitCode.badInput);
  return payload;
}

/** A nomination's status, as `kiemtra nominations status` prints it. */
export function describeNomination(s: NominationState): string {
  const { NOMINATION_STATUS_LABELS } = temporal();
  return [
    `${shown(s.department)}: ${NOMINATION_STATUS_LABELS[s.status]}${s.overdue ? ' (QUÁ HẠN)' : ''}`,
    ...(s.deadline ? [`Hạn cử thành viên: ${formatDateVi(s.deadline.date)} (${s.deadline.rule})`] : []),
    ...s.members.map((m) => `Thành viên: ${shown(describeMember(m))} (${shown(m.email)})`),
    ...(s.joined ? [`Đã bổ sung vào Đoàn kiểm tra tại: ${s.joined.inspections.map((i) => shown(i.unit)).join('; ') || 'không có'}`] : []),
    ...(s.joined?.skipped.length ? [`Không bổ sung (đã bắt đầu kiểm tra): ${s.joined.skipped.map((i) => shown(i.unit)).join('; ')}`] : []),
  ].join('\n');
}

/** Registers `kiemtra nominations record|status`. */
export function registerNominations(program: Command): void {
  const n = program.command('nominations').description('Các sở, ngành cử thành viên tham gia Đoàn kiểm tra (Mục V.2 của Kế hoạch)');

  withSubmissionId(
    n
      .command('record')
      .description('Ghi nhận thành viên một sở, ngành cử tham gia Đoàn; họ được bổ sung vào Đoàn của đợt và các cuộc kiểm tra chưa bắt đầu')
      .argument('<mã_đợt>', 'ví dụ haiphong-2026', parseRoundArg)
      .argument('<cơ_quan>', 'tên cơ quan như trong kế hoạch, ví dụ "Sở Nội vụ"')
      .requiredOption('--member <thành_viên>', '"Họ và tên|Chức vụ|Cơ quan|email"; lặp lại cho mỗi người', collect(parseMember))
      .option('--document <văn_bản>', 'văn bản cử của cơ quan, ví dụ "Công văn số 123/SNV-VP ngày 12/5/2026"')
      .option('--by <người>', 'người thực hiện (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
      .option('--json', 'in trạng thái sau khi cập nhật dưới dạng JSON')
      .addHelpText(
        'after',
        '\nVí dụ:\n  kiemtra nominations record haiphong-2026 "Sở Nội vụ" --member "Vũ Thị Giang|Chuyên viên|Sở Nội vụ|giang@haiphong.example"',
      ),
  ).action(
    async (
      round: string,
      department: string,
      o: { member: Nominee[]; document?: string; by?: string; json?: boolean; submissionId?: string },
    ) => {
      const payload = checked({ members: o.member, ...(o.document ? { document: o.document } : {}), by: actor(o.by) });
      const { withClient, executeUpdateRetrying, nominationUpdates } = temporal();
      const s = await withClient((client) =>
        executeUpdateRetrying(client.workflow.getHandle(nominationWorkflowId(round, department)), nominationUpdates.nominate, payload, {
          updateId: updateIdOf('nominate', o.submissionId),
        }),
      );
      process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : `Đã ghi nhận.\n${describeNomination(s)}\n`);
    },
  );

  n.command('status')
    .description('Tình hình đề nghị cử thành viên của một sở, ngành')
    .argument('<mã_đợt>', 'ví dụ haiphong-2026', parseRoundArg)
    .argument('<cơ_quan>', 'tên cơ quan như trong kế hoạch')
    .option('--json', 'in JSON')
    .action(async (round: string, department: string, o: { json?: boolean }) => {
      const { withClient, nominationStateQuery } = temporal();
      const s = await withClient((client) =>
        client.workflow.getHandle(nominationWorkflowId(round, department)).query(nominationStateQuery),
      );
      process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : `${describeNomination(s)}\n`);
    });
}
