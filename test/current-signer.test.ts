import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../config/paths';
import { planSchema } from '../domain/plan-schema';
import { conclusionSignerRefusal, importedSignerRefusal, signerRefusalMessage } from '../domain/team';
import { describeIssue } from '../domain/validation';
import { completeInspectionInput } from '../workflows/inspection/contract';
import { inspectionInput } from './kit/inspection';
import { SAMPLE_TEAM } from './kit/team';

/** A conclusion imported through `current:`, signed by `signer`. */
const current = (signer: string) => ({
  stage: 'remediating' as const,
  closingMeeting: { date: '2026-05-26', preliminaryResults: 'Đơn vị thực hiện cơ bản đầy đủ.' },
  conclusion: { signer, signedOn: '2026-06-12', recommendations: [{ text: 'Xin lỗi người dân khi trễ hạn.', deadline: '2026-09-30' }] },
});

/** The round plan shipped in plans/, with the sample team and one unit imported as `current`. */
function planWith(signer: string) {
  const raw = parse(fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8')) as Record<string, unknown> & {
    units: Record<string, unknown>[];
  };
  raw.team = SAMPLE_TEAM;
  raw.units[1] = { ...raw.units[1], visit: { start: '2026-05-25', end: '2026-05-26' }, current: current(signer) };
  return planSchema.safeParse(raw);
}

describe('a conclusion imported through current: is checked against the team', () => {
  it('the plan file refuses a signer who is neither the lead nor a deputy with an authority, at the field', () => {
    const r = planWith('Lê Văn Cường');
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0]!;
    expect(describeIssue(issue)).toBe(
      `units.1.current.conclusion.signer: kết luận đã ký nhập qua current: ${signerRefusalMessage(SAMPLE_TEAM, 'Lê Văn Cường')}`,
    );
    expect(issue.message).toContain('"Lê Văn Cường" không phải Trưởng đoàn hoặc người được giao ký thay trong kế hoạch');
  });

  it('accepts the lead and the deputy named with KT., as conclude does (names compared as a person would)', () => {
    expect(planWith('Nguyễn Văn An').success).toBe(true);
    expect(planWith('  trần thị   bình ').success).toBe(true);
  });

  it('a start input sent by the client is refused the same way', () => {
    const input = { ...inspectionInput('Sở Y tế', { start: '2026-05-25', end: '2026-05-26' }), team: SAMPLE_TEAM };
    expect(() => completeInspectionInput({ ...input, current: current('Người Lạ') })).toThrow(/không phải Trưởng đoàn/);
    expect(completeInspectionInput({ ...input, current: current('Nguyễn Văn An') }).current?.conclusion?.signer).toBe('Nguyễn Văn An');
    // Without a team (inputs before December 2026), any signer is accepted, as conclude does.
    expect(completeInspectionInput({ ...inspectionInput('Sở Y tế', input.visit), current: current('Người Lạ') }).current).toBeDefined();
  });

  it('is the one rule conclude uses: the same message for the same name', () => {
    expect(importedSignerRefusal(SAMPLE_TEAM, current('Người Lạ'))).toBe(
      `kết luận đã ký nhập qua current: ${conclusionSignerRefusal(SAMPLE_TEAM, 'Người Lạ')!}`,
    );
    expect(importedSignerRefusal(SAMPLE_TEAM, { stage: 'notified' } as never)).toBeUndefined();
  });
});
