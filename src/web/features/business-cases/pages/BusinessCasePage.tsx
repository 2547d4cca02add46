import { Button, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { BusinessCase } from '../../../../contracts/business-cases';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { ActionModal } from '../../../components/ActionModal';
import { notifyError, notifySuccess, showApiError } from '../../../components/form-errors';
import { PageHeader } from '../../../components/PageHeader';
import { LoadingBlock, QueryState } from '../../../components/QueryState';
import {
  exportUrl,
  useAnalysis,
  useBusinessCase,
  useCreateCase,
  useDeleteCase,
  useOrganisationCurrency,
  useReplaceCase,
} from '../api';
import { Analysis } from '../components/Analysis';
import { CaseForm, useCaseForm } from '../components/CaseForm';
import { type CaseValues, emptyCase, fromCase, toBody } from '../form-model';

/** A new case: the form with one role and one option to fill in. */
export function BusinessCaseCreatePage() {
  const currency = useOrganisationCurrency();
  if (currency.isPending) return <LoadingBlock />;
  return <CreateForm currency={currency.data ?? 'EUR'} />;
}

function CreateForm({ currency }: { currency: string }) {
  const form = useCaseForm(emptyCase(currency));
  const create = useCreateCase();
  const navigate = useNavigate();
  const submit = (values: CaseValues) =>
    create.mutate(toBody(values), {
      onSuccess: (c) => {
        notifySuccess('Business case created');
        navigate(`/business-cases/${c.id}`);
      },
      onError: (error) => showApiError(error, form),
    });
  return (
    <>
      <PageHeader
        title="New business case"
        description="What the function costs in-house today, and what each partner would charge for it."
      />
      <CaseForm
        form={form}
        submitLabel="Create and analyse"
        submitting={create.isPending}
        onSubmit={submit}
      />
    </>
  );
}

/** A case: its analysis, its inputs, and the brief to hand to finance. */
export function BusinessCasePage() {
  const { id = '' } = useParams();
  const query = useBusinessCase(id);
  return (
    <QueryState query={query} what="Business case">
      {(c) => <CaseView key={c.id} c={c} />}
    </QueryState>
  );
}

function CaseView({ c }: { c: BusinessCase }) {
  const user = useUser();
  const canWrite = permissions.writeBusinessCases(user);
  const analysis = useAnalysis(c.id);
  const [tab, setTab] = useState<string | null>(c.options.length ? 'analysis' : 'inputs');
  const form = useCaseForm(fromCase(c));
  const replace = useReplaceCase(c.id);
  const remove = useDeleteCase(c.id);
  const navigate = useNavigate();
  const [confirming, confirm] = useDisclosure(false);

  const save = (values: CaseValues) =>
    replace.mutate(toBody(values), {
      onSuccess: (saved) => {
        // Options created now have ids: keep the form in step with what was stored.
        form.setValues(fromCase(saved));
        form.resetDirty(fromCase(saved));
        notifySuccess('Saved; the analysis is up to date');
        setTab('analysis');
      },
      onError: (error) => {
        showApiError(error, form);
        setTab('inputs');
      },
    });

  return (
    <>
      <PageHeader
        title={c.name}
        description={`${c.function.replace(/_/g, ' ')} · ${c.horizonYears} years · ${c.currency} · discount rate ${c.discountRatePct}%`}
        actions={
          <>
            <Button component="a" href={exportUrl(c.id, 'csv')} variant="default" download>
              Export CSV
            </Button>
            <Button component="a" href={exportUrl(c.id, 'pdf')} variant="default" download>
              PDF brief
            </Button>
            {canWrite ? (
              <Button variant="subtle" color="red" onClick={confirm.open}>
                Delete
              </Button>
            ) : null}
          </>
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="analysis">Analysis</Tabs.Tab>
          <Tabs.Tab value="inputs">Inputs{form.isDirty() ? ' (unsaved)' : ''}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="analysis">
          <QueryState query={analysis} what="Analysis">
            {(a) => <Analysis c={c} a={a} />}
          </QueryState>
        </Tabs.Panel>
        <Tabs.Panel value="inputs">
          <CaseForm
            form={form}
            submitLabel="Save and analyse"
            submitting={replace.isPending}
            onSubmit={save}
            readOnly={!canWrite}
          />
        </Tabs.Panel>
      </Tabs>
      <ActionModal
        opened={confirming}
        title="Delete this business case?"
        onClose={confirm.close}
        cancelLabel="Keep it"
        action={{
          label: 'Delete',
          color: 'red',
          loading: remove.isPending,
          onClick: () =>
            remove.mutate(undefined, {
              onSuccess: () => {
                notifySuccess('Business case deleted');
                navigate('/business-cases');
              },
              onError: (error) => notifyError(error),
            }),
        }}
      >
        <Text size="sm">The case and its options are removed; the audit trail keeps a record.</Text>
      </ActionModal>
    </>
  );
}
