/** Spend: invoices, exchange rates, budget vs actual, savings, renewals and exit plans. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../contracts/common';
import type {
  ExchangeRate,
  ExchangeRateBody,
  ExitPlan,
  ExitPlanInput,
  Invoice,
  InvoiceBody,
  InvoicePatch,
  Renewal,
  RenewalDecisionBody,
  Savings,
  SpendGroup,
  SpendReport,
} from '../../../contracts/spend';
import { api } from '../../app/api';

/** Every query key of the spend area; a change invalidates all of it (credits, reports and savings follow). */
const spendKeys = {
  all: ['spend'] as const,
  invoices: (engagementId: string) => [...spendKeys.all, 'invoices', engagementId] as const,
  report: (groupBy: SpendGroup, from: string, to: string) =>
    [...spendKeys.all, 'report', groupBy, from, to] as const,
  rates: () => [...spendKeys.all, 'rates'] as const,
  savings: (id: string) => [...spendKeys.all, 'savings', id] as const,
  renewals: () => [...spendKeys.all, 'renewals'] as const,
  exitPlan: (id: string) => [...spendKeys.all, 'exit-plan', id] as const,
};

export const useInvoices = (engagementId: string) =>
  useQuery({
    queryKey: spendKeys.invoices(engagementId),
    queryFn: () => api.get<Page<Invoice>>('/invoices', { engagementId, limit: 200 }),
  });
export const useSpendReport = (groupBy: SpendGroup, from: string, to: string) =>
  useQuery({
    queryKey: spendKeys.report(groupBy, from, to),
    queryFn: () => api.get<SpendReport>('/spend', { groupBy, from, to }),
    retry: false,
  });
export const useRates = () =>
  useQuery({
    queryKey: spendKeys.rates(),
    queryFn: () => api.get<Page<ExchangeRate>>('/exchange-rates', { limit: 200 }),
  });
export const useSavings = (engagementId: string) =>
  useQuery({
    queryKey: spendKeys.savings(engagementId),
    queryFn: () => api.get<Savings>(`/engagements/${encodeURIComponent(engagementId)}/savings`),
    retry: false,
  });
export const useRenewals = () =>
  useQuery({ queryKey: spendKeys.renewals(), queryFn: () => api.get<{ items: Renewal[] }>('/renewals') });
export const useExitPlan = (engagementId: string) =>
  useQuery({
    queryKey: spendKeys.exitPlan(engagementId),
    queryFn: () => api.get<ExitPlan>(`/engagements/${encodeURIComponent(engagementId)}/exit-plan`),
  });

function useSpendMutation<T, R>(fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: spendKeys.all }) });
}

export const useCreateInvoice = () =>
  useSpendMutation((body: InvoiceBody) => api.post<Invoice>('/invoices', body));
export const useUpdateInvoice = () =>
  useSpendMutation(({ id, ...body }: InvoicePatch & { id: string }) =>
    api.patch<Invoice>(`/invoices/${id}`, body),
  );
export const usePutRate = () =>
  useSpendMutation((body: ExchangeRateBody) => api.post<ExchangeRate>('/exchange-rates', body));
export const useImportRates = () =>
  useSpendMutation((csv: string) =>
    api.postRaw<{ imported: number; replaced: number }>('/exchange-rates/import', csv, 'text/csv'),
  );
export const useDecideRenewal = () =>
  useSpendMutation(({ engagementId, ...body }: RenewalDecisionBody & { engagementId: string }) =>
    api.put<Renewal>(`/engagements/${encodeURIComponent(engagementId)}/renewal-decision`, body),
  );
export const useSaveExitPlan = (engagementId: string) =>
  useSpendMutation((body: ExitPlanInput) =>
    api.put<ExitPlan>(`/engagements/${encodeURIComponent(engagementId)}/exit-plan`, body),
  );
