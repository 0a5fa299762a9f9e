/**
 * The inspection workflow's interface, shared by the workflow and the client: its start input
 * (versioned), its update contract, its `state` query and the state it returns.
 */
export { completeInspectionInput, inspectionInputSchema, parseInspectionInput, INSPECTION_INPUT_VERSION, type InspectionConfig, type InspectionInput } from './input';
export { NOT_READY, stateQuery, updates, updateSchemas, type InspectionUpdates, type UpdateInputs, type UpdateName, type UpdatePayloads } from './updates';
export type { EmailRecord, Finding, HistoryEntry, InspectionState, PendingReminder, Recommendation } from './state';
