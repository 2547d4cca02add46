/**
 * Settings → Sign-in (owners): the OpenID Connect providers people sign in with, the e-mail
 * domains that must use them ("SSO required"), and the role mapping from a claim's values.
 */
import {
  ActionIcon,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { MAPPABLE_ROLES } from '../../../../contracts/identity';
import { ROLE_LABELS } from '../../../app/permissions';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { EmptyState } from '../../../components/EmptyState';
import { notifyError, notifySuccess, showApiError } from '../../../components/form-errors';
import { useVendorOptions } from '../../../components/options';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import {
  type IdentityProvider,
  useDeleteIdentityProvider,
  useIdentityProviders,
  useSaveIdentityProvider,
} from '../api';

type Mapping = { value: string; role: string };

function ProviderForm({ provider, onDone }: { provider: IdentityProvider | null; onDone: () => void }) {
  const save = useSaveIdentityProvider();
  const vendors = useVendorOptions(provider === null);
  const form = useForm({
    initialValues: {
      key: provider?.key ?? '',
      name: provider?.name ?? '',
      issuer: provider?.issuer ?? '',
      clientId: provider?.clientId ?? '',
      clientSecret: '',
      vendorId: provider?.vendorId ?? '',
      domains: provider?.domains ?? [],
      roleClaim: provider?.roleClaim ?? 'groups',
      enabled: provider?.enabled ?? true,
      mappings: (provider?.mappings ?? []) as Mapping[],
    },
  });
  const forVendor = Boolean(form.values.vendorId);
  const roleOptions = MAPPABLE_ROLES.filter((r) => (forVendor ? r === 'vendor' : r !== 'vendor')).map(
    (r) => ({
      value: r,
      label: ROLE_LABELS[r],
    }),
  );
  const submit = form.onSubmit((v) => {
    const common = {
      name: v.name,
      issuer: v.issuer,
      clientId: v.clientId,
      domains: v.domains,
      roleClaim: v.roleClaim,
      enabled: v.enabled,
      mappings: v.mappings as { value: string; role: (typeof MAPPABLE_ROLES)[number] }[],
    };
    const request = provider
      ? { id: provider.id, body: { ...common, ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}) } }
      : {
          id: null,
          body: { ...common, key: v.key, clientSecret: v.clientSecret, vendorId: v.vendorId || null },
        };
    save.mutate(request, {
      onSuccess: () => {
        notifySuccess(provider ? 'Provider saved.' : 'Provider added.');
        onDone();
      },
      onError: (e) => showApiError(e, form),
    });
  });
  return (
    <Paper
      withBorder
      p="lg"
      component="form"
      onSubmit={submit}
      aria-label={provider ? `Edit ${provider.name}` : 'Add an identity provider'}
    >
      <Title order={5} mb="sm">
        {provider ? `Edit ${provider.name}` : 'Add an identity provider'}
      </Title>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput
            label="Key"
            description="In the redirect URI; cannot change later"
            placeholder="entra"
            required
            disabled={provider !== null}
            {...form.getInputProps('key')}
          />
          <TextInput
            label="Button label"
            placeholder="Contoso Entra ID"
            required
            {...form.getInputProps('name')}
          />
        </Group>
        <TextInput
          label="Issuer URL"
          description="Discovery reads <issuer>/.well-known/openid-configuration"
          placeholder="https://login.microsoftonline.com/<tenant>/v2.0"
          required
          {...form.getInputProps('issuer')}
        />
        <Group grow align="flex-start">
          <TextInput label="Client ID" required {...form.getInputProps('clientId')} />
          <PasswordInput
            label="Client secret"
            description={
              provider ? 'Leave empty to keep the stored one' : 'Stored encrypted, never shown again'
            }
            required={provider === null}
            {...form.getInputProps('clientSecret')}
          />
        </Group>
        {provider === null ? (
          <Select
            label="For a vendor"
            description="A vendor’s own provider signs in only that vendor’s users, as vendor users"
            placeholder="The organisation (internal users)"
            data={vendors.data ?? []}
            clearable
            searchable
            {...form.getInputProps('vendorId')}
          />
        ) : null}
        <TagsInput
          label="Domains that must use this provider"
          description="People with these e-mail domains cannot sign in with a password (owners still can)"
          placeholder="example.com"
          {...form.getInputProps('domains')}
        />
        <TextInput
          label="Role claim"
          description="The ID-token or userinfo claim holding groups or roles (groups, roles, realm_access.roles)"
          required
          {...form.getInputProps('roleClaim')}
        />
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Role mapping
          </Text>
          <Text size="xs" c="dimmed">
            A person whose claim holds none of these values is refused. With several, the strongest role wins.
          </Text>
          {form.values.mappings.map((_m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no id
            <Group key={i} align="flex-start" wrap="nowrap">
              <TextInput
                aria-label={`Claim value ${i + 1}`}
                placeholder="Group name or object id"
                style={{ flex: 1 }}
                {...form.getInputProps(`mappings.${i}.value`)}
              />
              <Select
                aria-label={`Role ${i + 1}`}
                data={roleOptions}
                allowDeselect={false}
                w={180}
                {...form.getInputProps(`mappings.${i}.role`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove mapping ${i + 1}`}
                onClick={() => form.removeListItem('mappings', i)}
                mt={6}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              size="xs"
              variant="light"
              onClick={() =>
                form.insertListItem('mappings', { value: '', role: forVendor ? 'vendor' : 'viewer' })
              }
            >
              Add a mapping
            </Button>
          </Group>
        </Stack>
        <Switch
          label="Enabled (shown on the sign-in page)"
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {provider ? 'Save' : 'Add provider'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ProviderCard({ provider, onEdit }: { provider: IdentityProvider; onEdit: () => void }) {
  const remove = useDeleteIdentityProvider();
  return (
    <Paper withBorder p="lg" data-testid={`provider-${provider.key}`}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={5}>{provider.name}</Title>
            <Badge variant="light" color={provider.enabled ? 'teal' : 'gray'}>
              {provider.enabled ? 'enabled' : 'disabled'}
            </Badge>
            {provider.vendorId ? <Badge variant="light">vendor provider</Badge> : null}
          </Group>
          <Text size="sm" c="dimmed">
            {provider.issuer} · client {provider.clientId}
          </Text>
          <Text size="sm">
            Redirect URI:{' '}
            {provider.redirectUri ? <Code>{provider.redirectUri}</Code> : 'set OUTPOST_PUBLIC_URL to know it'}
          </Text>
          <Text size="sm">
            SSO required for: {provider.domains.length ? provider.domains.join(', ') : 'no domain'}
          </Text>
          <Text size="sm">
            Mapping ({provider.roleClaim}):{' '}
            {provider.mappings.length
              ? provider.mappings.map((m) => `${m.value} → ${ROLE_LABELS[m.role]}`).join('; ')
              : 'none — everyone is refused'}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onEdit}>
            Edit
          </Button>
          <ConfirmButton
            label="Remove"
            confirmLabel="Remove provider"
            loading={remove.isPending}
            onConfirm={() =>
              remove.mutate(provider.id, {
                onSuccess: () => notifySuccess('Provider removed; its users keep their accounts.'),
                onError: (e) => notifyError(e),
              })
            }
          />
        </Group>
      </Group>
    </Paper>
  );
}

/** Owners connect Entra ID, Okta, Google, Keycloak or any OpenID Connect provider here. */
export function SignInSettingsPage() {
  const providers = useIdentityProviders();
  const [editing, setEditing] = useState<IdentityProvider | 'new' | null>(null);
  return (
    <>
      <PageHeader
        title="Sign-in"
        description="Single sign-on with OpenID Connect: who may sign in through which provider, and with which role."
        actions={
          editing === null ? <Button onClick={() => setEditing('new')}>Add provider</Button> : undefined
        }
      />
      <Stack>
        {editing !== null ? (
          <ProviderForm
            key={editing === 'new' ? 'new' : editing.id}
            provider={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        ) : null}
        <QueryState query={providers} what="Identity providers">
          {(items) =>
            items.length === 0 ? (
              <EmptyState title="No identity provider" testId="identity-providers-empty">
                People sign in with a password. Add a provider to let them use their company account.
              </EmptyState>
            ) : (
              items.map((p) => <ProviderCard key={p.id} provider={p} onEdit={() => setEditing(p)} />)
            )
          }
        </QueryState>
      </Stack>
    </>
  );
}
