import { Anchor, Button, Group, Paper, Select, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../app/api';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { Crumbs } from '../../../components/Crumbs';
import { notifySuccess } from '../../../components/form-errors';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage } from '../../../components/QueryState';
import { useSendAssessment, useTemplateOptions, useVendorName } from '../api';
import { AssessmentList, NoAssessments } from '../components/AssessmentList';

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function SendForm({ vendorId }: { vendorId: string }) {
  const navigate = useNavigate();
  const templates = useTemplateOptions();
  const send = useSendAssessment();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [dueDate, setDueDate] = useState(inDays(30));
  const fieldError = (field: string) =>
    send.error instanceof ApiError ? send.error.errors.find((e) => e.field === field)?.message : undefined;
  const other =
    send.error && !fieldError('templateId') && !fieldError('dueDate') ? errorMessage(send.error) : null;
  return (
    <Paper withBorder p="lg" mb="lg">
      <Title order={4} mb="sm">
        Send a questionnaire
      </Title>
      <Group align="flex-start">
        <Select
          label="Template"
          placeholder={templates.data?.length === 0 ? 'No templates yet' : 'Choose a template'}
          data={templates.data ?? []}
          value={templateId}
          onChange={setTemplateId}
          searchable
          w={340}
          error={fieldError('templateId')}
        />
        <TextInput
          type="date"
          label="Due date"
          value={dueDate}
          onChange={(e) => setDueDate(e.currentTarget.value)}
          w={180}
          error={fieldError('dueDate')}
        />
        <Button
          mt={24}
          disabled={!templateId || !dueDate}
          loading={send.isPending}
          onClick={() =>
            templateId &&
            send.mutate(
              { templateId, vendorId, dueDate },
              {
                onSuccess: (a) => {
                  notifySuccess('Questionnaire sent');
                  navigate(`/assessments/${a.id}`);
                },
              },
            )
          }
        >
          Send
        </Button>
      </Group>
      {other ? (
        <Text c="red" size="sm" mt="xs">
          {other}
        </Text>
      ) : null}
      {templates.data?.length === 0 ? (
        <Text size="sm" c="dimmed" mt="xs">
          Create a template first in{' '}
          <Anchor component={Link} to="/questionnaires">
            Questionnaires
          </Anchor>
          .
        </Text>
      ) : null}
    </Paper>
  );
}

/** A vendor's questionnaires: send one, and every assessment sent to it. */
export function VendorQuestionnairesPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const name = useVendorName(id);
  const internal = permissions.isInternal(user);
  return (
    <>
      <Crumbs
        trail={[
          internal && { label: 'Vendors', to: '/vendors' },
          { label: name.data ?? 'Vendor', to: `/vendors/${id}` },
        ]}
        here="Questionnaires"
      />
      <PageHeader
        title={`Questionnaires${name.data ? `: ${name.data}` : ''}`}
        description="Assessments sent to this vendor, their status and score."
      />
      {permissions.writeVendors(user) ? <SendForm vendorId={id} /> : null}
      <AssessmentList vendorId={id} showVendor={false} empty={<NoAssessments internal={internal} />} />
    </>
  );
}
