import type { DomainEvent } from '../shared/decider';
import type { ProgressReport } from './progress-report';

export type ReportEvent = DomainEvent<'ProgressReportIssued', { quarter: string; report: ProgressReport }>;
