/**
 * ASCII slug of a Vietnamese name, for workflow ids: "UBND phường Nguyễn Trãi" → "ubnd-phuong-nguyen-trai".
 * Pure: used by workflows and the client alike.
 */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The workflow id of a unit's inspection: `inspection-<year>-<unit-slug>`. */
export function inspectionWorkflowId(year: number, unitName: string): string {
  return `inspection-${year}-${slugify(unitName)}`;
}
