import type { DocumentSigner, InspectionDocumentKind, StoredFile } from '../../domain/documents';

/**
 * The document work an update or a timed action asks for, done by activities after the apply (an
 * apply is synchronous): the desk (./desk.ts) runs each job and applies its result to the state.
 */
export type DocumentJob =
  /** A new draft (the next revision) of a kind; `thenIssue` issues it as the system once drafted. */
  | { type: 'draft'; kind: InspectionDocumentKind; by: string; thenIssue?: boolean }
  /** The latest draft of a kind rendered again. */
  | { type: 'render'; kind: InspectionDocumentKind; by: string }
  /** The signed PDF of a revision, its signature to verify. */
  | { type: 'upload'; docId: string; file: StoredFile; by: string }
  /** A revision numbered (from the register, or the Office's `number`) and issued. */
  | { type: 'issue'; docId: string; by: string; number?: string; signer?: DocumentSigner }
  /** A numbered revision withdrawn in the register and in the state. */
  | { type: 'withdraw'; docId: string; reason: string; by: string };
