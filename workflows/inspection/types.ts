import type { LocalDate } from '../../domain/dates';
import type { ConclusionBodySection } from '../../domain/conclusion-body';
import type { DocumentSigner, DocumentState, InspectionDocumentKind, StoredFile } from '../../domain/documents';
import type { Deadline } from '../../domain/deadlines';
import type { SampledDossier, SampleFigureId } from '../../domain/dossier-sample';
import type { FindingPlace, FindingSource } from '../../domain/findings';
import type { KpiResult, YearTargets } from '../../domain/kpi';
import type { ReportCounts } from '../../domain/report-measures';
import type { ReportFormId, ReportItemId } from '../../domain/report-outline';
import type { LinkAction } from '../../domain/links';
import type { DocumentRequest } from '../../domain/document-requests';
import type { MeetingAttendees } from '../../domain/meetings';
import type { SigningAuthority, Team } from '../../domain/team';
import type { FileRef } from '../../domain/validation';
import type { HistoryEntry as KitHistoryEntry } from '../kit/history';
import type { EmailRecord } from '../mailer';
import type { InspectionConfig } from './input';
import type { Stage } from './stages';

/**
 * The inspection's state, as types only: what the `state` query returns and what clients read.
 * The rules that change it are in ./state.ts.
 */

export type { EmailRecord };

/** One entry of the inspection's history. */
export interface HistoryEntry extends KitHistoryEntry {
  /** True for facts brought in from before the workflow started. */
  imported?: boolean;
}

/** A recommendation of the conclusion and its remediation status. */
export interface Recommendation {
  id: string;
  text: string;
  deadline: LocalDate;
  status: 'open' | 'done';
  doneOn?: LocalDate;
  evidence?: string;
  overdue: boolean;
  /** The ids of the findings it answers (`F1`…; December 2026, absent before). */
  answers?: string[];
}

/**
 * A finding: from the team, derived from the unit's indicators, or from the dossier sample. Its
 * place (content area, Phụ lục I item, kind, evidence, division; domain/findings.ts) and its `id`
 * were added in December 2026 and are absent from findings recorded before.
 */
export interface Finding extends FindingPlace {
  /** `F1`, `F2`…, in the order recorded. */
  id?: string;
  text: string;
  source: FindingSource;
  at: string;
  by: string;
  /** For a finding of the dossier sample: the figure it states (it keeps its id while the sample grows). */
  figure?: SampleFigureId;
}

/** One import of dossiers into the sample: from which file, when, by whom, how many. */
export interface DossierImport {
  at: string;
  by: string;
  count: number;
  file?: { name: string; sha256: string };
}

/** A timed action the workflow is waiting for. */
export interface PendingReminder {
  id: string;
  /** ISO instant. */
  at: string;
  label: string;
}

/** One revision of one of the inspection's documents, and where it stands in its life. */
export interface InspectionDocument {
  /** `<kind>-<revision>`, e.g. `schedule_notice-1`. */
  id: string;
  kind: InspectionDocumentKind;
  /** 1, then one more for each new version of the same kind (a revised Thông báo). */
  revision: number;
  state: DocumentState;
  /** The draft's files (.docx, PDF), then the issued ones; each named by its hash in the store. */
  files: StoredFile[];
  /** Approved by the signer's command, or by the upload of the signed PDF (its signature verified). */
  signed?: { by: string; at: string; signer: string; signedAt?: string; file?: StoredFile };
  /** "08/TB-VP", with the register it is in; absent for a draft sent for comments. */
  symbol?: string;
  register?: string;
  issuedOn?: LocalDate;
  signer?: DocumentSigner;
  /** The earlier revision this one replaces (a revised Thông báo cites it). */
  replaces?: { id: string; symbol?: string; issuedOn?: LocalDate };
  withdrawal?: { reason: string; by: string; at: string };
  /** When it was handed to the mailer (ISO instant). */
  sentAt?: string;
  /** An issue, a withdrawal or a verification under way: other commands on it wait (never persisted long). */
  busy?: 'issue' | 'withdraw' | 'upload';
}

/** Everything about one inspection: what the `state` query returns. */
export interface InspectionState {
  workflowId: string;
  config: InspectionConfig;
  stage: Stage;
  /** When the current stage began (ISO instant): reminders due before it are not sent. */
  stageSince: string;
  kind: 'periodic' | 'surprise';
  visit: { start: LocalDate; end: LocalDate };
  periodReviewed: { from: LocalDate; to: LocalDate };
  deadlines: Deadline[];
  /** Ids of the deadlines that are missed. */
  overdue: string[];
  report?: {
    receivedOn: LocalDate;
    late: boolean;
    kpi: KpiResult[];
    /** The report's text by section of the Phụ lục I outline. */
    narrative?: Partial<Record<'situation' | 'results' | 'issues' | 'proposals', string>>;
    /** The indicators taken from the unit's periodic report, and which report. */
    prefilled?: { workflowId: string; period: string; receivedOn: LocalDate; indicators: string[] };
    /** The counts each rate was computed from (December 2026; issue 23; absent for typed rates). */
    counts?: ReportCounts;
    /** The text of each item of II.1 (December 2026). */
    items?: Partial<Record<ReportItemId, string>>;
    /** The budget for TTHC control, in đồng (December 2026). */
    budget?: { amount: number };
  };
  /** The forms of II.2 received, each with its file and date (December 2026; issue 23). */
  reportForms?: Partial<Record<ReportFormId, { file: FileRef; receivedOn: LocalDate; at: string }>>;
  /**
   * Set at the start of executions since December 2026 (issue 23): the missing forms are reminded,
   * and each 2026 target is evaluated with its own label (time and cost cut apart).
   */
  reportInFull?: true;
  /** The targets the unit's indicators are evaluated against, and the plan they come from. */
  targets?: YearTargets;
  /** The unit's confirmation that it received the notice. */
  acknowledged?: { at: string; by: string; contact?: string };
  /** Files the unit submitted (hash, name, size, type; the content stays in the upload store), and for what. */
  files: (FileRef & { for: string; at: string })[];
  /** The generation of each of the unit's links (raised by re-issuing one). */
  linkGenerations: Partial<Record<LinkAction, number>>;
  /** `attendees` and `reason` (why another day than the visit's first) were added in December 2026. */
  openingMeeting?: { date: LocalDate; notes?: string; attendees?: MeetingAttendees; reason?: string };
  /** `attendees` and `reason` (why another day than the visit's last) were added in December 2026. */
  closingMeeting?: { date: LocalDate; preliminaryResults: string; attendees?: MeetingAttendees; reason?: string };
  /** The team's requests for more documents and the unit's answers (December 2026; absent before the first). */
  documentRequests?: DocumentRequest[];
  draft?: { issuedOn: LocalDate; recommendations: string[]; meetingDate?: LocalDate; responseBy: LocalDate };
  unitResponse?: { receivedOn: LocalDate; accepted: boolean; explanations?: string };
  /**
   * The conclusion: who signed it and when. `position`, `authority` and `signsFor` are the signer's
   * as the team names them (December 2026; absent for an inspection without a team).
   */
  conclusion?: { signer: string; signedOn: LocalDate; late: boolean; position?: string; authority?: SigningAuthority; signsFor?: string };
  /**
   * The team's own text of the conclusion's body (sections I–II), recorded before signing
   * (`recordConclusionText`, December 2026): the draft and the conclusion use it instead of the
   * body built from the findings.
   */
  conclusionText?: { sections: ConclusionBodySection[]; at: string; by: string };
  /** The team of this inspection: the plan's, then each change of member (absent for inputs without a team). */
  team?: Team;
  findings: Finding[];
  /** The last number given to a finding (`F<n>`; December 2026, absent before the first). */
  findingNumber?: number;
  /** The dossiers the team checked (Mục II.2.b; December 2026), and each import. */
  dossierSample?: { dossiers: SampledDossier[]; imports: DossierImport[] };
  recommendations: Recommendation[];
  history: HistoryEntry[];
  emails: EmailRecord[];
  pendingReminders: PendingReminder[];
  cancellation?: { reason: string; by: string; at: string };
  /** The inspection's documents, each revision apart (inspections started with `documents`, December 2026). */
  documents?: InspectionDocument[];
  /** Revision of the visit schedule (0, then 1 per reschedule); the calendar invite's SEQUENCE. */
  scheduleRevision: number;
}
