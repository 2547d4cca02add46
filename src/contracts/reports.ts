/** Reports: the quarterly business review pack per vendor and the portfolio summary. */
import { z } from 'zod';
import { CsvBom } from './common';

export const Quarter = z.string().regex(/^\d{4}-Q[1-4]$/, { message: 'must be a quarter, YYYY-Qn' });

export const QbrQuery = z.object({
  vendorId: z.string().min(1, { message: 'is required' }).max(64),
  quarter: Quarter,
});
export type QbrQuery = z.infer<typeof QbrQuery>;

export const REPORT_FORMATS = ['pdf', 'csv'] as const;
export const PortfolioReportQuery = z.object({ format: z.enum(REPORT_FORMATS).default('pdf'), bom: CsvBom });
export type PortfolioReportQuery = z.infer<typeof PortfolioReportQuery>;
