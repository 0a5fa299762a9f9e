import { InvalidArgumentError, type Command } from 'commander';
import { addDays, formatDate, localDateOf } from '../../../domain/dates';
import { LINK_ACTION_LABELS, LINK_ACTIONS, linkExpiry, linkUrl, type LinkAction } from '../../../domain/links';
import type { ReportingPeriod } from '../../../domain/periods';
import { displayLine as shown } from '../../../domain/safe-text';
import { periodicReportWorkflowId } from '../../../workflows/ids';
import { actor, parsePeriod, parseRoundArg, updateIdOf, withSubmissionId, yearOption } from '../args';
import { ExitCode, UserFacingError } from '../../../config/errors';

/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */

function parseAction(v: string): LinkAction {
  const steps = LINK_ACTIONS.filter((a) => a !== 'question');
  if (v === 'question')
    throw new InvalidArgumentError(
      'đường dẫn phản ánh, câu hỏi không cấp lại riêng: có ở cuối mọi email gửi đơn vị (xem docs/questions.md).',
    );
  if (!(steps as readonly string[]).includes(v))
    throw new InvalidArgumentError(
      `việc "${v}" không tồn tại; các việc: ${steps.map((a) => `${a} (${LINK_ACTION_LABELS[a]})`).join(', ')}.`,
    );
  return v as LinkAction;
}

/** `kiemtra link <đơn_vị> <việc>`: re-issues a unit's link (earlier ones stop working) and prints it. */
export function registerLink(program: Command): void {
  withSubmissionId(program.command('link'))
    .description(
      'Cấp lại đường dẫn cho đơn vị thực hiện một việc trực tuyến (các đường dẫn cũ của việc đó hết hiệu lực) và in ra để gửi lại',
    )
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
    .argument('<việc>', `một trong: ${LINK_ACTIONS.join(', ')}`, parseAction)
    .option('--year <năm>', 'năm của cuộc kiểm tra (mặc định: năm nay)')
    .option('--period <kỳ>', 'kỳ báo cáo định kỳ (việc periodic), ví dụ 2026-11', parsePeriod)
    .option('--plan <mã>', 'mã kế hoạch năm (việc periodic; mặc định kstthc-<năm của kỳ>)', parseRoundArg)
    .option('--by <người>', 'người cấp lại (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
    .option('--json', 'in JSON')
    .addHelpText('after', '\nVí dụ:\n  kiemtra link "Sở Tài chính" report\n  kiemtra link "UBND xã Tiên Minh" periodic --period 2026-11')
    .action(
      async (
        unit: string,
        action: LinkAction,
        o: { year?: string; period?: ReportingPeriod; plan?: string; by?: string; json?: boolean; submissionId?: string },
      ) => {
        const { requireLinkSettings } = require('../../../config/links') as typeof import('../../../config/links');
        const { signLink } = require('../../../domain/link-token') as typeof import('../../../domain/link-token');
        const { withClient, executeUpdateRetrying } = require('../../connect') as typeof import('../../connect');
        const { reissueLink } = require('../../../workflows/links') as typeof import('../../../workflows/links');
        const settings = requireLinkSettings();
        if (action === 'periodic' && !o.period)
          throw new UserFacingError('việc periodic cần --period, ví dụ --period 2026-11.', ExitCode.badInput);
        const { findUnitProcess } = require('../../find-process') as typeof import('../../find-process');
        const year = o.year === undefined ? undefined : yearOption(o.year);
        let workflowId = '';
        const issue = await withClient(async (client) => {
          workflowId =
            action === 'periodic'
              ? periodicReportWorkflowId(o.plan ?? `kstthc-${o.period!.to.slice(0, 4)}`, o.period!.id, unit)
              : await findUnitProcess(client, { type: action === 'self' ? 'selfInspection' : 'inspection', unit, year });
          return executeUpdateRetrying(
            client.workflow.getHandle(workflowId),
            reissueLink,
            { action, by: actor(o.by) },
            { updateId: updateIdOf('reissueLink', o.submissionId) },
          );
        });
        const expires = linkExpiry(issue.deadline ?? addDays(localDateOf(Date.now()), 30));
        const url = linkUrl(
          settings.publicUrl,
          signLink({ v: 1, w: workflowId, a: action, u: issue.unit, exp: expires, g: issue.generation }, settings.key()),
        );
        if (o.json)
          process.stdout.write(
            `${JSON.stringify({ workflowId, action, unit: issue.unit, generation: issue.generation, expires, url }, null, 2)}\n`,
          );
        else
          process.stdout.write(
            `${LINK_ACTION_LABELS[action]}: ${shown(issue.unit)} (lần cấp ${issue.generation}, dùng được đến hết ngày ${formatDate(expires)}; các đường dẫn trước không còn hiệu lực)\n${url}\n`,
          );
      },
    );
}
