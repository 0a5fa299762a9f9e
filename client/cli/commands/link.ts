import { InvalidArgumentError, type Command } from 'commander';
import { addDays, formatDate, localDateOf } from '../../../domain/dates';
import { LINK_ACTION_LABELS, LINK_ACTIONS, linkExpiry, linkUrl, type StepAction } from '../../../domain/links';
import type { ReportingPeriod } from '../../../domain/periods';
import { displayLine as shown } from '../../../domain/safe-text';
import { periodicReportWorkflowId } from '../../../workflows/ids';
import { actor, parsePeriod, parseRoundArg, updateIdOf, withSubmissionId, yearOption } from '../args';
import { ExitCode, UserFacingError } from '../../../config/errors';

/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */

function parseAction(v: string): StepAction {
  const steps = LINK_ACTIONS.filter((a) => a !== 'question');
  if (v === 'question')
    throw new InvalidArgumentError(
      'đường dẫn phản ánh, câu hỏi không cấp lại riêng: có ở cuối mọi email gửi đơn vị (xem docs/questions.md).',
    );
  if (!(steps as readonly string[]).includes(v))
    throw new InvalidArgumentError(
      `việc "${v}" không tồn tại; các việc: ${steps.map((a) => `${a} (${LINK_ACTION_LABELS[a]})`).join(', ')}.`,
    );
  return v as StepAction;
}

/**
 * `kiemtra link <đơn_vị> <việc>`: prints the unit's current link for an action, to send again;
 * with `--revoke`, issues a new one (earlier ones stop working). Refused, saying why, for an action
 * that is done, not open yet or over.
 */
export function registerLink(program: Command): void {
  withSubmissionId(program.command('link'))
    .description(
      'In đường dẫn hiện hành để đơn vị thực hiện một việc trực tuyến, để gửi lại; với --revoke, cấp đường dẫn mới (các đường dẫn cũ của việc đó hết hiệu lực)',
    )
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
    .argument('<việc>', `một trong: ${LINK_ACTIONS.filter((a) => a !== 'question').join(', ')}`, parseAction)
    .option('--revoke', 'cấp đường dẫn mới; mọi đường dẫn trước của việc này không còn dùng được')
    .option('--year <năm>', 'năm của cuộc kiểm tra (mặc định: năm nay)')
    .option('--period <kỳ>', 'kỳ báo cáo định kỳ (việc periodic), ví dụ 2026-11', parsePeriod)
    .option('--plan <mã>', 'mã kế hoạch năm (việc periodic; mặc định kstthc-<năm của kỳ>)', parseRoundArg)
    .option('--by <người>', 'người cấp lại (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
    .option('--json', 'in JSON')
    .addHelpText(
      'after',
      '\nVí dụ:\n  kiemtra link "Sở Tài chính" report\n  kiemtra link "Sở Tài chính" report --revoke\n  kiemtra link "UBND xã Tiên Minh" periodic --period 2026-11',
    )
    .action(
      async (
        unit: string,
        action: StepAction,
        o: { revoke?: boolean; year?: string; period?: ReportingPeriod; plan?: string; by?: string; json?: boolean; submissionId?: string },
      ) => {
        const { requireLinkSettings } = require('../../../config/links') as typeof import('../../../config/links');
        const { signLink } = require('../../../domain/link-token') as typeof import('../../../domain/link-token');
        const { withClient, executeUpdateRetrying } = require('../../connect') as typeof import('../../connect');
        const { reissueLink } = require('../../../workflows/links') as typeof import('../../../workflows/links');
        const { LINK_STATUS } = require('../../link-status') as typeof import('../../link-status');
        const settings = requireLinkSettings();
        if (action === 'periodic' && !o.period)
          throw new UserFacingError('việc periodic cần --period, ví dụ --period 2026-11.', ExitCode.badInput);
        const { findUnitProcess } = require('../../find-process') as typeof import('../../find-process');
        const year = o.year === undefined ? undefined : yearOption(o.year);
        const status = LINK_STATUS[action] as import('../../link-status').LinkStatus<unknown>;
        let workflowId = '';
        const issue = await withClient(async (client) => {
          workflowId =
            action === 'periodic'
              ? periodicReportWorkflowId(o.plan ?? `kstthc-${o.period!.to.slice(0, 4)}`, o.period!.id, unit)
              : await findUnitProcess(client, { type: action === 'self' ? 'selfInspection' : 'inspection', unit, year });
          const handle = client.workflow.getHandle(workflowId);
          const state = await handle.query(status.query);
          const why = status.closed(state);
          if (why)
            throw new UserFacingError(
              `không cấp đường dẫn "${LINK_ACTION_LABELS[action]}" cho ${shown(status.unitOf(state))}: ${why}`,
              ExitCode.badInput,
            );
          if (!o.revoke) return { generation: status.generation(state), unit: status.unitOf(state), deadline: status.deadline(state) };
          return executeUpdateRetrying(
            handle,
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
            `${JSON.stringify({ workflowId, action, unit: issue.unit, generation: issue.generation, revoked: !!o.revoke, expires, url }, null, 2)}\n`,
          );
        else
          process.stdout.write(
            `${LINK_ACTION_LABELS[action]}: ${shown(issue.unit)} (${o.revoke ? `cấp mới, lần ${issue.generation}` : issue.generation ? `lần cấp ${issue.generation}` : 'đường dẫn đã gửi trong email'}, dùng được đến hết ngày ${formatDate(expires)}${o.revoke ? '; các đường dẫn trước không còn hiệu lực' : ''})\n${url}\n`,
          );
      },
    );
}
