import type { LocalDate } from '../domain/dates';

/** A visit as a calendar event. */
export interface VisitEvent {
  uid: string;
  /** 0 for the first invite, +1 for each update. */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  start: LocalDate;
  end: LocalDate;
  summary: string;
  location: string;
  description: string;
  organizer: { name: string; email: string };
  attendees: string[];
  /** ISO instant the invite was produced (DTSTAMP). */
  stamp: string;
}

const ESC = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const compact = (d: LocalDate) => d.replace(/-/g, '');

/** Folds content lines at 75 octets (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74;
  }
  return parts.join('\r\n ');
}

/**
 * An iCalendar (RFC 5545) invite for the visit: 08:00–17:00 local time, Asia/Ho_Chi_Minh, with the
 * same UID across revisions and a higher SEQUENCE for each update; CANCEL for a cancellation.
 */
export function visitInvite(e: VisitEvent): string {
  const stamp = e.stamp.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//UBND thanh pho Hai Phong//kiemtra//VI',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${e.method}`,
    'BEGIN:VTIMEZONE',
    'TZID:Asia/Ho_Chi_Minh',
    'BEGIN:STANDARD',
    'DTSTART:19750613T000000',
    'TZOFFSETFROM:+0700',
    'TZOFFSETTO:+0700',
    'TZNAME:+07',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;TZID=Asia/Ho_Chi_Minh:${compact(e.start)}T080000`,
    `DTEND;TZID=Asia/Ho_Chi_Minh:${compact(e.end)}T170000`,
    `SUMMARY:${ESC(e.summary)}`,
    `LOCATION:${ESC(e.location)}`,
    `DESCRIPTION:${ESC(e.description)}`,
    `ORGANIZER;CN=${ESC(e.organizer.name)}:mailto:${e.organizer.email}`,
    ...e.attendees.map((a) => `ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:${a}`),
    `STATUS:${e.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
