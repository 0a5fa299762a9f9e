import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../config/errors';
import { listQuery } from '../client/listing';

/** The visibility query the shared client layer builds for `kiemtra list` and any other caller. */
describe('listQuery', () => {
  it('filters by type, stage, overdue and round', () => {
    expect(listQuery({ kind: 'inspection' })).toBe("WorkflowType = 'inspection'");
    expect(listQuery({ kind: 'all', stage: 'remediating', overdue: true, round: 'haiphong-2026' })).toBe(
      "WorkflowType IN ('inspection', 'selfInspection') AND InspectionStage = 'remediating' AND InspectionOverdue = true AND InspectionRound = 'haiphong-2026'",
    );
  });

  it('refuses a round or a stage that would change the query, in Vietnamese', () => {
    expect(() => listQuery({ kind: 'self', round: "x' OR 1=1" })).toThrow(UserFacingError);
    expect(() => listQuery({ kind: 'self', round: "x' OR 1=1" })).toThrow(/mã đợt "x' OR 1=1" không hợp lệ/);
    expect(() => listQuery({ kind: 'inspection', stage: "closed' OR 'a'='a" })).toThrow(/giai đoạn .* không hợp lệ/);
  });
});
