import { addDays, formatDate, toDayNumber, type LocalDate } from '../../domain/dates';
import { deadlineName, deadlineOfId } from '../../domain/deadline-catalogue';
import { escapeHtml } from '../../domain/html';
import { displayLine } from '../../domain/safe-text';
import { type InspectionState, type Stage, STAGE_LABELS, STAGES } from '../../workflows/inspection/contract';
import type { RoundData } from '../rounds';

/**
 * The round's timeline as one self-contained HTML page (inline CSS, no script, no network at view
 * time): per unit its notice, report deadline, visit days, conclusion and remediation deadlines,
 * coloured by stage, overdue items marked, a line for today, and a count per stage.
 */

const COLOURS: Record<Stage, string> = {
  scheduled: '#9aa5b1',
  notified: '#3b82f6',
  on_site: '#f59e0b',
  drafting: '#8b5cf6',
  concluded: '#14b8a6',
  remediating: '#0ea5e9',
  closed: '#22c55e',
  cancelled: '#6b7280',
};

interface Marker {
  date: LocalDate;
  label: string;
  kind: 'notice' | 'report' | 'conclusion' | 'remediation' | 'response';
  overdue: boolean;
}

function markers(s: InspectionState): Marker[] {
  return s.deadlines.map((d) => ({
    date: d.date,
    label: deadlineName(d.id, 'marker'),
    kind: (deadlineOfId(d.id)?.kind ?? d.id) as Marker['kind'],
    overdue: s.overdue.includes(d.id),
  }));
}

/** Renders the timeline page. */
export function timelineHtml(d: RoundData, today: LocalDate): string {
  const all = d.inspections.flatMap((s) => [s.visit.start, s.visit.end, ...s.deadlines.map((x) => x.date)]);
  const first = addDays([...all, today].sort()[0]!, -3);
  const last = addDays([...all, today].sort().at(-1)!, 3);
  const span = toDayNumber(last) - toDayNumber(first) + 1;
  const x = (date: LocalDate) => ((toDayNumber(date) - toDayNumber(first)) / span) * 100;
  const counts = STAGES.map((st) => [st, d.inspections.filter((s) => s.stage === st).length] as const).filter(([, n]) => n > 0);
  const months: LocalDate[] = [];
  for (let m = `${first.slice(0, 7)}-01`; m <= last; m = addDays(m, 32).slice(0, 7) + '-01') if (m >= first) months.push(m);

  const rows = d.inspections
    .map((s) => {
      const visit = `<div class="visit" style="left:${x(s.visit.start)}%;width:${Math.max(0.4, x(addDays(s.visit.end, 1)) - x(s.visit.start))}%;background:${COLOURS[s.stage]}" title="Làm việc ${formatDate(s.visit.start)}–${formatDate(s.visit.end)}"></div>`;
      const marks = markers(s)
        .map(
          (m) =>
            `<div class="mark ${m.kind}${m.overdue ? ' overdue' : ''}" style="left:${x(m.date)}%" title="${escapeHtml(`${m.label}: ${formatDate(m.date)}${m.overdue ? ' (QUÁ HẠN)' : ''}`)}"></div>`,
        )
        .join('');
      const late = s.overdue.length ? `<span class="late">quá hạn: ${s.overdue.length}</span>` : '';
      return `<div class="row" data-unit="${escapeHtml(s.config.unit.name)}" data-stage="${s.stage}"><div class="name">${escapeHtml(displayLine(s.config.unit.name))} <span class="stage" style="background:${COLOURS[s.stage]}">${STAGE_LABELS[s.stage]}</span>${late}</div><div class="track">${visit}${marks}</div></div>`;
    })
    .join('\n');
  const self = d.selfInspections.length
    ? `<h2>Đơn vị tự kiểm tra</h2><p>Đã nộp ${d.selfInspections.filter((s) => s.stage === 'self_received').length}/${d.selfInspections.length}. Chưa nộp: ${escapeHtml(
        d.selfInspections
          .filter((s) => s.stage !== 'self_received')
          .map((s) => displayLine(s.unit))
          .join(', ') || 'không có',
      )}.</p>`
    : '';
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Tiến độ đợt kiểm tra ${escapeHtml(d.round)}</title>
<style>
body{font-family:system-ui,'Segoe UI',Arial,sans-serif;margin:24px;color:#1f2937}
h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin-top:24px}
.counts span{display:inline-block;margin:4px 8px 4px 0;padding:2px 8px;border-radius:10px;color:#fff;font-size:13px}
.legend span{margin-right:14px;font-size:12px}
.axis,.row{display:grid;grid-template-columns:330px 1fr;align-items:center}
.axis .track{position:relative;height:20px;border-bottom:1px solid #d1d5db}
.axis .tick{position:absolute;font-size:11px;color:#6b7280;transform:translateX(-2px)}
.row{border-bottom:1px solid #f3f4f6;min-height:26px}
.name{font-size:13px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding-right:8px}
.stage{font-size:11px;color:#fff;border-radius:8px;padding:1px 6px;margin-left:4px}
.late{font-size:11px;color:#dc2626;font-weight:600;margin-left:6px}
.track{position:relative;height:24px}
.visit{position:absolute;top:6px;height:12px;border-radius:3px}
.mark{position:absolute;top:4px;width:8px;height:16px;margin-left:-4px;border-radius:2px;background:#374151}
.mark.notice{background:#60a5fa}.mark.report{background:#f59e0b}.mark.conclusion{background:#7c3aed}.mark.remediation{background:#0891b2}.mark.response{background:#db2777}
.mark.overdue{outline:3px solid #dc2626;outline-offset:1px}
.today{position:absolute;top:0;bottom:0;width:2px;background:#dc2626}
.chart{position:relative}
.chart .todayline{position:absolute;top:0;bottom:0;left:330px;right:0;pointer-events:none}
</style></head><body>
<h1>Tiến độ đợt kiểm tra ${escapeHtml(d.round)}</h1>
<p>Số liệu tính đến ${formatDate(d.asOf)}; đường đỏ là hôm nay (${formatDate(today)}). ${d.inspections.length} cuộc kiểm tra.</p>
<div class="counts">${counts.map(([st, n]) => `<span class="count" data-stage="${st}" style="background:${COLOURS[st]}">${STAGE_LABELS[st]}: ${n}</span>`).join('')}</div>
<div class="legend"><span>▮ thông báo (xanh nhạt)</span><span>▮ hạn báo cáo (cam)</span><span>▬ ngày làm việc (màu giai đoạn)</span><span>▮ hạn kết luận (tím)</span><span>▮ hạn khắc phục (xanh ngọc)</span><span>viền đỏ: quá hạn</span></div>
<div class="chart">
<div class="axis"><div></div><div class="track">${months.map((m) => `<span class="tick" style="left:${x(m)}%">${m.slice(5, 7)}/${m.slice(0, 4)}</span>`).join('')}</div></div>
${rows}
<div class="todayline"><div class="today" style="left:${x(today)}%"></div></div>
</div>
${self}
</body></html>
`;
}
