import { text, z } from './validation';

/**
 * The free-text sections of a unit's report (Phụ lục I of seed 000): I. situation; II. results;
 * problems; proposals. One source for the inspection's report and the self-inspection's, which
 * follow the same outline. Pure.
 */
export const NARRATIVE_SECTIONS = {
  situation: 'I. Đặc điểm tình hình',
  results: 'II. Tình hình, kết quả thực hiện',
  issues: 'III. Tồn tại, hạn chế và nguyên nhân',
  proposals: 'IV. Đề xuất, kiến nghị',
} as const;
export type NarrativeSection = keyof typeof NARRATIVE_SECTIONS;

/** The report's text by section, any subset, each up to 8,000 characters; built when used. */
export function narrativeSchemaOf() {
  return z.strictObject(
    Object.fromEntries(Object.keys(NARRATIVE_SECTIONS).map((k) => [k, text(8000).optional()])) as Record<
      NarrativeSection,
      z.ZodOptional<ReturnType<typeof text>>
    >,
  );
}
