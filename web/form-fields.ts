/**
 * The fields a rendered form has, read from the form's own HTML (the single source of what a page
 * asks for): a posted part under any other name is refused before anything is read or stored.
 */

/** A form's text fields, and its file fields with how many files each takes. */
export interface FormFields {
  text: ReadonlySet<string>;
  files: ReadonlyMap<string, number>;
}

/** How many files a file input with `multiple` takes (the form's hint says the same). */
export const FILES_PER_MULTIPLE_INPUT = 5;

/** The fields of a form rendered by the page server (its `input`, `textarea`, `select` and `button` names). */
export function formFields(html: string): FormFields {
  const text = new Set<string>();
  const files = new Map<string, number>();
  for (const [tag] of html.matchAll(/<(?:input|textarea|select|button)\b[^>]*>/g)) {
    const name = /\sname="([^"]+)"/.exec(tag)?.[1];
    if (!name) continue;
    if (/\stype="file"/.test(tag)) files.set(name, /\smultiple\b/.test(tag) ? FILES_PER_MULTIPLE_INPUT : 1);
    else text.add(name);
  }
  return { text, files };
}
