import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { sameName } from '../domain/team';
import { NOT_READY, stateQuery, updates } from '../workflows/inspection/contract';
import { NOT_STARTED_STAGES, type JoinTeamInput, type NominationActivities, type NominationJoined } from '../workflows/nomination/contract';
import { progressQuery } from '../workflows/round/contract';

/**
 * The nomination's side effect on the round (workflows/nomination/): the members a partner
 * department nominated join the team of each inspection of the round that has not started yet,
 * through the inspection's own `changeTeam` update (its checks, its history entry with the
 * reason). Idempotent: a member already in an inspection's team is not sent again, so a retried
 * attempt adds no one twice. Runs with the worker's own client.
 */
export function createTeamActivities(): NominationActivities {
  return {
    async joinInspectionTeams(input: JoinTeamInput): Promise<NominationJoined> {
      const client = Context.current().client;
      const progress = await client.workflow.getHandle(input.roundWorkflowId).query(progressQuery);
      const joined: NominationJoined = { inspections: [], skipped: [] };
      for (const child of progress.children) {
        if (child.type !== 'inspection' || child.status === 'pending' || child.status === 'finished') continue;
        const handle = client.workflow.getHandle(child.workflowId);
        let state;
        try {
          state = await handle.query(stateQuery);
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) continue;
          throw err;
        }
        if (!state.team) continue;
        if (!NOT_STARTED_STAGES.includes(state.stage)) {
          joined.skipped.push({ workflowId: child.workflowId, unit: child.unit, stage: state.stage });
          continue;
        }
        const added: string[] = [];
        try {
          for (const m of input.members) {
            const team = state.team!;
            const present = [team.lead.name, ...team.deputies.map((d) => d.name), ...team.members.map((x) => x.name)];
            if (!present.some((n) => sameName(n, m.name))) {
              state = await handle.executeUpdate(updates.changeTeam, { args: [{ add: { ...m }, reason: input.reason, by: input.by }] });
            }
            added.push(m.name);
          }
        } catch (err) {
          // Refused for what it asks (the visit began meanwhile, say): left as it is. Not ready: retried.
          const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
          if (!(cause instanceof ApplicationFailure) || cause.type === NOT_READY) throw err;
          joined.skipped.push({ workflowId: child.workflowId, unit: child.unit, stage: state.stage });
          continue;
        }
        joined.inspections.push({ workflowId: child.workflowId, unit: child.unit, added });
        Context.current().heartbeat(child.workflowId);
      }
      return joined;
    },
  };
}
