import { z } from 'zod';
import { isLocalDate } from './dates';
import { unsafeCharacter, unsafeCharacterMessage } from './safe-text';

/**
 * Zod, configured once for every boundary (CLI arguments, plan and data files, update validators):
 * messages in Vietnamese, the language of the people who read them.
 */
z.config(z.locales.vi());

export { z };

/** The path of an issue, down to the offending key for unknown keys. */
export function issuePath(issue: z.core.$ZodIssue): (string | number)[] {
  const base = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  return issue.code === 'unrecognized_keys' ? [...base, issue.keys[0]!] : base;
}

/** One line for an issue: `field.path: message`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issuePath(issue).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

let recordedText = 0;

/**
 * Runs `fn` with `line()` and `text()` not checking control and direction characters (see
 * domain/safe-text.ts). Only for a workflow re-reading what it has already accepted: an update
 * handler (its validator, which leaves no event when it refuses, checked the payload first) and a
 * start input (checked by the client). An execution recorded before the rule existed then replays
 * as it ran; printers escape what such text holds.
 */
export function acceptingRecordedText<T>(fn: () => T): T {
  recordedText++;
  try {
    return fn();
  } finally {
    recordedText--;
  }
}

/** The control and direction characters rule of a free text (LF and TAB allowed when `multiline`). */
const safeCharacters = (multiline: boolean) =>
  [
    (s: string) => recordedText > 0 || !unsafeCharacter(s, multiline),
    { error: (issue: { input?: unknown }) => unsafeCharacterMessage(unsafeCharacter(String(issue.input), multiline)!) },
  ] as const;

/** A single-line text: no CR/LF (header injection), no HTML, no control or direction characters. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\r\n<>]/.test(s), { message: 'không được chứa xuống dòng hoặc ký tự < >' })
    .refine(...safeCharacters(false));

/** A multi-line text (findings, notes): no HTML, no control or direction characters but LF and TAB. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[<>]/.test(s), { message: 'không được chứa ký tự < >' })
    .refine(...safeCharacters(true));

/** A `YYYY-MM-DD` date (YAML 1.2, the `yaml` default, keeps unquoted dates as strings). */
export const dateSchema = z.string().refine(isLocalDate, { message: 'ngày không hợp lệ, cần dạng YYYY-MM-DD' });

export const emailSchema = z.email({ message: 'địa chỉ email không hợp lệ' }).max(254);
export const personSchema = z.strictObject({ name: line(120), email: emailSchema });
/** The contact of the Public Administration Service Center, as every plan, email and start input carries it. */
export const centerSchema = z.strictObject({ name: line(200), address: line(300), email: emailSchema, phone: line(40).optional() });
/** The Center's contact as emails and start inputs carry it. */
export type CenterContact = z.output<typeof centerSchema>;

/** A round id: lower-case letters, digits and dashes, e.g. `haiphong-2026`. */
export const ROUND_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const roundIdSchema = z.string().regex(ROUND_ID_PATTERN, { message: 'mã đợt chỉ gồm chữ thường, số, gạch ngang' });

/** The kinds of file a unit may upload with a submission. */
export const UPLOAD_TYPES = {
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'image/jpeg': '.jpg',
  'image/png': '.png',
} as const;
export type UploadType = keyof typeof UPLOAD_TYPES;

/**
 * An uploaded file as history knows it: its content hash (the file itself stays in the page
 * server's content-addressed store), name, size and type.
 */
export const fileRefSchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'mã băm sha256 không hợp lệ' }),
  /** Normalised to NFC, so one name has one spelling; shown through `displayFileName`. */
  name: line(200).normalize('NFC'),
  size: z
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024),
  type: z.enum(Object.keys(UPLOAD_TYPES) as [UploadType, ...UploadType[]]),
});
export type FileRef = z.infer<typeof fileRefSchema>;

/** The files of one submission. */
export const filesSchema = z.array(fileRefSchema).min(1).max(5);
