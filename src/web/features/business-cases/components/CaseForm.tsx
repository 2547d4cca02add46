import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { FUNCTIONS } from '../../../../contracts/engagements';
import { minorDigits } from '../../../../contracts/money';
import { CurrencySelect } from '../../../components/FormParts';
import { humanOptions } from '../../../components/format';
import { PlusIcon } from '../../../components/icons';
import { Section } from '../../../components/Section';
import { type CaseValues, newOption, newRole, validateCase } from '../form-model';
import { OptionFields } from './OptionFields';

/** The editor's form: validated live against the same contract the server uses. */
export function useCaseForm(initial: CaseValues) {
  return useForm<CaseValues>({
    initialValues: initial,
    validate: validateCase,
    validateInputOnChange: true,
  });
}
export type CaseForm = ReturnType<typeof useCaseForm>;

/** A new reporting currency: options quoted in the old one follow it (they were "our currency"). */
function changeCurrency(form: CaseForm, next: string) {
  const previous = form.values.currency;
  form.setFieldValue('currency', next);
  form.values.options.forEach((o, i) => {
    if (o.currency === previous) form.setFieldValue(`options.${i}.currency`, next);
  });
}

/** The in-house side (roles and other costs) and every outsourced option. */
export function CaseForm({
  form,
  submitLabel,
  submitting,
  onSubmit,
  readOnly,
}: {
  form: CaseForm;
  submitLabel: string;
  submitting: boolean;
  onSubmit: (values: CaseValues) => void;
  readOnly?: boolean;
}) {
  const cur = form.values.currency;
  const money = { min: 0, thousandSeparator: ',', decimalScale: minorDigits(cur) };
  const roles = form.values.inHouse.roles;
  return (
    <form onSubmit={form.onSubmit(onSubmit)} noValidate data-testid="case-form">
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="lg">
          <Section title="The case">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="Case name" required {...form.getInputProps('name')} />
              <Select
                label="Function"
                allowDeselect={false}
                data={humanOptions(FUNCTIONS)}
                {...form.getInputProps('function')}
              />
              <CurrencySelect
                label="Reporting currency"
                allowDeselect={false}
                {...form.getInputProps('currency')}
                onChange={(next) => next && changeCurrency(form, next)}
              />
              <NumberInput label="Horizon (years)" min={1} max={10} {...form.getInputProps('horizonYears')} />
              <NumberInput
                label="Discount rate %"
                description="For the NPV of the savings"
                min={0}
                max={100}
                {...form.getInputProps('discountRatePct')}
              />
            </SimpleGrid>
          </Section>

          <Paper withBorder p="lg">
            <Title order={4}>In-house today</Title>
            <Text size="sm" c="dimmed" mb="md">
              The people doing the work now, what they cost a year in {cur}, and what else the function costs.
            </Text>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing={6} data-testid="roles">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Role</Table.Th>
                    <Table.Th w={100}>FTE</Table.Th>
                    <Table.Th w={170}>Salary a year</Table.Th>
                    <Table.Th w={110}>Benefits %</Table.Th>
                    <Table.Th w={170}>Overhead per FTE</Table.Th>
                    <Table.Th w={40} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {roles.map((_, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the list the server validates
                    <Table.Tr key={i} data-testid={`role-${i}`}>
                      <Table.Td>
                        <TextInput aria-label="Role" {...form.getInputProps(`inHouse.roles.${i}.title`)} />
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label="FTE"
                          min={0}
                          decimalScale={2}
                          {...form.getInputProps(`inHouse.roles.${i}.fte`)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label="Salary a year"
                          {...money}
                          {...form.getInputProps(`inHouse.roles.${i}.annualSalary`)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label="Benefits %"
                          min={0}
                          {...form.getInputProps(`inHouse.roles.${i}.benefitsPct`)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label="Overhead per FTE"
                          {...money}
                          {...form.getInputProps(`inHouse.roles.${i}.overheadPerFte`)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label="Remove role"
                          disabled={roles.length === 1}
                          onClick={() => form.removeListItem('inHouse.roles', i)}
                        >
                          ×
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {typeof form.errors['inHouse.roles'] === 'string' ? (
              <Text c="red" size="sm">
                {form.errors['inHouse.roles']}
              </Text>
            ) : null}
            <Group mt="sm" mb="md">
              <Button
                variant="light"
                size="xs"
                leftSection={<PlusIcon />}
                onClick={() => form.insertListItem('inHouse.roles', newRole())}
              >
                Add role
              </Button>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput
                label="Other costs a year"
                description="Tools, licences, premises not per person"
                {...money}
                {...form.getInputProps('inHouse.otherAnnualCosts')}
              />
              <NumberInput
                label="Salary escalation %"
                description="A year, from year 2"
                min={-50}
                max={100}
                {...form.getInputProps('inHouse.salaryEscalationPct')}
              />
            </SimpleGrid>
          </Paper>

          <Group justify="space-between">
            <Title order={3}>Outsourced options</Title>
            <Button
              variant="light"
              leftSection={<PlusIcon />}
              disabled={form.values.options.length >= 10}
              onClick={() => form.insertListItem('options', newOption(cur, form.values.options.length))}
            >
              Add option
            </Button>
          </Group>
          {form.values.options.length === 0 ? (
            <Text c="dimmed" size="sm">
              No option yet: add a partner’s bid to compare it with staying in-house.
            </Text>
          ) : null}
          {form.values.options.map((o, i) => (
            <OptionFields
              key={o.id ?? `new-${i}`}
              form={form}
              index={i}
              onRemove={() => form.removeListItem('options', i)}
            />
          ))}
          {readOnly ? null : (
            <Group justify="flex-end">
              <Button type="submit" loading={submitting}>
                {submitLabel}
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}
