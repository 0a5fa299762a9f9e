import type { ClosedStatus, ProcessRecord } from '../../domain/records';

/** A closed inspection's record as the recorder writes it, with `over` changed. */
export function sampleRecord(over: Partial<ProcessRecord> & { workflowId: string; runId: string }): ProcessRecord {
  const status: ClosedStatus = over.status ?? 'COMPLETED';
  return {
    schema: 1,
    workflowType: 'inspection',
    status,
    startTime: '2026-10-01T01:00:00.000Z',
    closeTime: '2026-11-02T03:00:00.000Z',
    searchAttributes: { KiemtraStage: ['closed'], KiemtraUnit: ['Sở Tài chính'] },
    finalState: {
      stage: 'closed',
      unit: { name: 'Sở Tài chính' },
      history: [{ at: '2026-11-02T03:00:00.000Z', actor: 'hệ thống', action: 'Kết thúc' }],
    },
    history: { events: [{ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' }] },
    files: [{ name: 'bao-cao.pdf', sha256: 'a'.repeat(64), bytes: 1234, role: 'báo cáo của đơn vị' }],
    ...over,
  };
}
