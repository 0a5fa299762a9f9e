import type { ContentArea } from './findings';
import type { IndicatorId } from './kpi';
import type { ReportItemId } from './report-outline';

/**
 * Where a unit's indicator belongs (issue 23): the content area of Mục II.1 and the Phụ lục I item
 * it is reported under. A missed target becomes a finding there (a shortcoming), and a gap between
 * the dossier sample and the report is placed there too. One source for the mapping; typed by
 * indicator, so an indicator without a place does not compile. Pure.
 */
export const INDICATOR_PLACES = {
  satisfaction: { area: 'oneStop', item: 'satisfaction' },
  satisfactionLandConstructionInvestment: { area: 'oneStop', item: 'satisfaction' },
  onlineReceived: { area: 'electronic', item: 'onlineReceivedAndPaid' },
  onlineProcessed: { area: 'electronic', item: 'onlineReceivedAndPaid' },
  fullOnlineServices: { area: 'electronic', item: 'fullOnlineServices' },
  businessProceduresOnline: { area: 'electronic', item: 'fullOnlineServices' },
  onlinePayment: { area: 'electronic', item: 'onlineReceivedAndPaid' },
  handledOnSystem: { area: 'electronic', item: 'handledOnSystem' },
  digitised: { area: 'electronic', item: 'digitisation' },
  electronicResults: { area: 'electronic', item: 'digitisation' },
  dataReuse: { area: 'electronic', item: 'dataReuse' },
  boundaryFree: { area: 'oneStop', item: 'boundaryFree' },
  complaintsReceived: { area: 'control', item: 'complaints' },
  complaintsHandled: { area: 'control', item: 'complaints' },
  complaintsPublished: { area: 'control', item: 'complaints' },
  timeReduction: { area: 'control', item: 'dossierCuts' },
  costReduction: { area: 'control', item: 'dossierCuts' },
  publishedOnTime: { area: 'control', item: 'other' },
} as const satisfies Record<IndicatorId, { area: ContentArea; item: ReportItemId }>;

/** The place of an indicator; an unknown id (from an older history) has none. */
export function indicatorPlace(id: string): { area: ContentArea; item: ReportItemId } | undefined {
  return (INDICATOR_PLACES as Record<string, { area: ContentArea; item: ReportItemId }>)[id];
}
