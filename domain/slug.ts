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
