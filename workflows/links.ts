import { defineUpdate, setHandler } from '@temporalio/workflow';
import type { LocalDate } from '../domain/dates';
import { LINK_ACTION_LABELS, LINK_ACTIONS, type LinkAction } from '../domain/links';
import { line, z } from '../domain/validation';
import { record, type HistoryEntry } from './kit/history';
import { parsePayload, refuse } from './kit/refusal';

/**
 * Re-issuing a unit's link: the workflow holds a generation per action, the email activity signs
 * links at that generation, and the page server accepts only a link of the current one. Raising it
 * (`kiemtra link`) revokes every earlier link for that action. Only the number is in history.
 */

const reissueSchema = z.strictObject({ action: z.enum(LINK_ACTIONS), by: line(120) });
export type ReissueLinkInput = z.input<typeof reissueSchema>;

/** What a re-issue answers: the new generation, the unit, and the action's deadline (for the link's expiry). */
export interface LinkIssue {
  generation: number;
  unit: string;
  deadline?: LocalDate;
}

export const reissueLink = defineUpdate<LinkIssue, [ReissueLinkInput]>('reissueLink');

/** Registers `reissueLink` on a workflow whose unit can take `actions`. */
export function handleLinkReissue(o: {
  actions: readonly LinkAction[];
  generations: Partial<Record<LinkAction, number>>;
  history: HistoryEntry[];
  unit: string;
  deadline: (action: LinkAction) => LocalDate | undefined;
}): void {
  setHandler(
    reissueLink,
    (p) => {
      const generation = (o.generations[p.action] ?? 0) + 1;
      o.generations[p.action] = generation;
      record(o.history, {
        actor: p.by,
        action: `Cấp lại đường dẫn "${LINK_ACTION_LABELS[p.action]}"`,
        detail: `lần ${generation}; các đường dẫn trước không còn dùng được`,
      });
      return { generation, unit: o.unit, deadline: o.deadline(p.action) };
    },
    {
      validator: (p) => {
        const data = parsePayload(reissueSchema, p, 'reissueLink');
        if (!o.actions.includes(data.action)) refuse(`Việc "${data.action}" không thuộc quy trình này`, 'action not available here');
      },
    },
  );
}
