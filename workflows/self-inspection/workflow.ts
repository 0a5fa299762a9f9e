import { patched, workflowInfo } from '@temporalio/workflow';
import type { WorkingCalendar } from '../../domain/calendar';
import { dateInText, formatDateVi, localDateOf, yearOf } from '../../domain/dates';
import { beforeDateDeadline } from '../../domain/deadlines';
import { evaluateIndicators } from '../../domain/kpi';
import type { LinkAction } from '../../domain/links';
import type { EmailData } from '../../emails/templates';
import { recordingMailer, snapshotCalendar, startInput } from '../common';
import { record, SYSTEM } from '../kit/history';
import { runProcess } from '../kit/process';
import { createPublisher } from '../kit/publish';
import { invalidInput, refuse, startValue } from '../kit/refusal';
import type { UpdateTable } from '../kit/updates';
import { handleLinkReissue } from '../links';
import { yearTargets } from '../targets';
import { selfInspectionSchemaOf, type SelfInspectionInput } from './input';
import { selfInspectionBeforeKit } from './legacy';
import { deferredNote, isOverdue, selfAgenda, selfView, type SelfAgendaItem } from './rules';
import type { SelfInspectionStage, SelfInspectionState } from './types';
import { selfInspectionSchemas, selfInspectionStateQuery, selfInspectionUpdates } from './updates';

/**
 * A unit outside the round: it self-inspects and reports before a date (Mục V.4 of the plan).
 * Reminders before the deadline, an escalation to the coordinator after it, `recordReport` ends it.
 * On the workflow kit since December 2026; executions started before replay through ./legacy.ts.
 */

interface CheckContext {
  today: string;
}
interface ApplyContext {
  state: SelfInspectionState;
  at: string;
}

/** The self-inspection's update table. */
const UPDATE_TABLE: UpdateTable<typeof selfInspectionSchemas, SelfInspectionStage, CheckContext, ApplyContext> = {
  recordReport: {
    stages: ['self_waiting'],
    check: (ctx, p) => {
      if (p.receivedOn > ctx.today) refuse(`Ngày nhận ${formatDateVi(p.receivedOn)} chưa đến`, 'date in the future');
    },
    apply: ({ state, at }, p) => {
      state.receivedOn = p.receivedOn;
      state.late = state.deadline !== undefined && p.receivedOn > state.deadline.date;
      if (p.indicators) state.kpi = evaluateIndicators(p.indicators, state.targets!.targets);
      if (p.narrative && Object.keys(p.narrative).length) state.narrative = p.narrative;
      if (p.files) state.files = p.files;
      state.stage = 'self_received';
      state.overdue = false;
      record(state.history, { at, actor: p.by, action: `Nhận báo cáo tự kiểm tra ${dateInText(p.receivedOn)}` });
    },
  },
};

/** The self-inspection of one unit outside the round. */
export async function selfInspection(input: SelfInspectionInput): Promise<SelfInspectionState> {
  const schema = selfInspectionSchemaOf(input);
  if (!schema) invalidInput('phiên bản dữ liệu khởi tạo không được hỗ trợ');
  const config = startInput(schema, input);
  if (!patched('self-inspection-on-kit')) return selfInspectionBeforeKit(config);

  // December 2026: the unit hears of its duty when the round starts, with the outline to follow.
  const requestAtStart = patched('self-inspection-request-at-start');
  const info = workflowInfo();
  const nowIso = () => new Date().toISOString();
  const generations: Partial<Record<LinkAction, number>> = {};
  const state: SelfInspectionState = {
    workflowId: info.workflowId,
    unit: config.unit.name,
    stage: 'self_waiting',
    overdue: false,
    pending: [],
    emails: [],
    history: [{ at: nowIso(), actor: SYSTEM, action: 'Bắt đầu theo dõi báo cáo tự kiểm tra' }],
    linkGenerations: generations,
  };
  const cal = startValue<WorkingCalendar>('calendar snapshot', 'Việc tự kiểm tra');
  const fired = new Set<string>();
  let startedAt = 0;
  const items = () => selfAgenda(state, config.remindersWorkingDaysBefore, cal.get(), startedAt, requestAtStart);
  const data = (): EmailData => {
    const d = state.deadline;
    return {
      unitName: config.unit.name,
      contacts: config.contacts,
      ...(d ? { deadline: { date: d.date, rule: d.rule, basis: d.basis } } : {}),
      linkGenerations: generations,
    };
  };
  const mailer = recordingMailer({
    workflowId: info.workflowId,
    records: state.emails,
    history: state.history,
    coordinator: [config.contacts.coordinator.email],
    data,
  });
  const publisher = createPublisher();
  const publish = () => {
    state.overdue = isOverdue(state, cal.get(), Date.now());
    state.pending = items()
      .filter((i) => !fired.has(i.id))
      .map((i) => ({ at: new Date(i.at).toISOString(), label: i.label }));
    const view = selfView(state, config);
    publisher.publish(view.attributes, view.details);
  };
  const fire = (item: SelfAgendaItem) => {
    mailer.queue(item.kind, item.to === 'unit' ? config.unit.emails : [config.contacts.coordinator.email], data());
    record(state.history, { actor: SYSTEM, action: item.label });
  };

  return runProcess({
    state,
    query: selfInspectionStateQuery,
    updates: {
      definitions: selfInspectionUpdates,
      schemas: selfInspectionSchemas,
      table: UPDATE_TABLE,
      stage: () => state.stage,
      wrongStage: () => refuse('Báo cáo tự kiểm tra đã được ghi nhận', 'already recorded'),
      checkContext: () => ({ today: localDateOf(Date.now()) }),
      applyContext: () => ({ state, at: nowIso() }),
    },
    handlers: () =>
      handleLinkReissue({
        actions: ['self'],
        generations,
        history: state.history,
        unit: config.unit.name,
        deadline: () => state.deadline?.date,
      }),
    start: async () => {
      const targets = yearTargets(config.year);
      cal.set(await snapshotCalendar(yearOf(config.before) - 1, yearOf(config.before)));
      state.targets = await targets;
      state.deadline = beforeDateDeadline(cal.get(), 'self-inspection', config.before, config.basis);
      startedAt = Date.now();
      for (const item of items()) {
        const note = deferredNote(state.deadline.date, item);
        if (note) record(state.history, { actor: SYSTEM, action: note });
      }
    },
    agenda: { items, fired, fire, isFinal: () => state.stage !== 'self_waiting', mailer, publish },
    finalStage: () => state.stage,
  });
}
