import { Anchor, Badge, Button, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ComponentType } from 'react';
import { Link, useParams } from 'react-router';
import type { Vendor, VendorFacingVendor } from '../../../../contracts/vendors';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { Crumbs } from '../../../components/Crumbs';
import { Field } from '../../../components/Field';
import { humanise } from '../../../components/format';
import { useInternalUserOptions } from '../../../components/options';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { countryName, formatInstant, languageName } from '../../../components/reference-data';
import { useVendor } from '../api';
import { CriticalityBadge, StatusBadge } from '../components/badges';
import { ContactsCard } from '../components/ContactsCard';
import { SitesCard } from '../components/SitesCard';
import { DeleteVendorButton, StatusControl } from '../components/VendorActions';

/** Tags as people read them: `customer_service` → "Customer service", `fil` → "Filipino". */
function Tags({ values, label = humanise }: { values: string[]; label?: (value: string) => string }) {
  if (values.length === 0) return <Text size="sm">—</Text>;
  return (
    <Group gap={6}>
      {values.map((v) => (
        <Badge key={v} color="gray" variant="outline" tt="none">
          {label(v)}
        </Badge>
      ))}
    </Group>
  );
}

/** A notice another feature shows internal users on the vendor page (the app passes assurance's open grants). */
export type VendorNotice = ComponentType<{ vendor: Vendor }>;

/** A section another feature shows everyone who sees the vendor page (the app passes the partner brief). */
export type VendorSection = ComponentType<{ vendor: Vendor | VendorFacingVendor }>;

function VendorView({
  vendor: shown,
  Notice,
  Section,
}: {
  vendor: Vendor | VendorFacingVendor;
  Notice?: VendorNotice;
  Section?: VendorSection;
}) {
  const user = useUser();
  // Internal users receive the whole record; a vendor user only its vendor-facing profile.
  const full = 'status' in shown ? shown : null;
  const vendor = shown;
  const internal = permissions.isInternal(user) && full !== null;
  const writer = permissions.writeVendors(user);
  const owners = useInternalUserOptions(internal && permissions.manageUsers(user));
  const ownerName = full?.ownerId
    ? (owners.data?.find((o) => o.value === full.ownerId)?.label ?? 'Assigned')
    : 'Nobody yet';

  return (
    <>
      {internal ? <Crumbs trail={[{ label: 'Vendors', to: '/vendors' }]} here={vendor.name} /> : null}
      <PageHeader
        title={<span data-testid="vendor-name">{vendor.name}</span>}
        badge={full ? <StatusBadge status={full.status} /> : null}
        description={vendor.legalName ?? `${countryName(vendor.country)} · ${vendor.timezone}`}
        actions={
          <>
            {/* Due diligence is its own page, rendered by the diligence feature (features do not import each other). */}
            <Button
              component={Link}
              to={`/vendors/${vendor.id}/diligence`}
              variant="light"
              data-testid="diligence-link"
            >
              {internal ? 'Due diligence' : 'Certifications'}
            </Button>
            {/* Data & access (register, agreements, tier) is its own page in the data-sharing feature. */}
            <Button
              component={Link}
              to={`/vendors/${vendor.id}/data`}
              variant="light"
              data-testid="data-access-link"
            >
              Data &amp; access
            </Button>
            {/* Assessments and findings (a vendor user sees its own findings) belong to the assurance feature. */}
            <Button
              component={Link}
              to={`/vendors/${vendor.id}/assessments`}
              variant="light"
              data-testid="assessments-link"
            >
              {internal ? 'Assessments' : 'Findings'}
            </Button>
            {/* Questionnaires sent to the vendor (send one, their status and score) belong to the questionnaires feature. */}
            {internal ? (
              <Button
                component={Link}
                to={`/vendors/${vendor.id}/questionnaires`}
                variant="light"
                data-testid="questionnaires-link"
              >
                Questionnaires
              </Button>
            ) : null}
            {/* The invitation page belongs to the portal feature; this is only its link. */}
            {writer ? (
              <Button
                component={Link}
                to={`/vendors/${vendor.id}/invite`}
                variant="light"
                data-testid="invite-link"
              >
                Invite to portal
              </Button>
            ) : null}
            {writer && full ? <StatusControl vendor={full} /> : null}
            {permissions.editVendor(user) ? (
              <Button component={Link} to={`/vendors/${vendor.id}/edit`} variant="default">
                Edit
              </Button>
            ) : null}
            {writer && full ? <DeleteVendorButton vendor={full} /> : null}
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: internal ? 8 : 12 }}>
          <Paper withBorder p="lg" h="100%">
            <Title order={4} mb="md">
              Profile
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <Field label="Country">
                <Text size="sm">
                  {countryName(vendor.country)} ({vendor.country})
                </Text>
              </Field>
              <Field label="Time zone">
                <Text size="sm">{vendor.timezone}</Text>
              </Field>
              <Field label="Languages">
                <Tags values={vendor.languages} label={languageName} />
              </Field>
              <Field label="Services">
                <Tags values={vendor.services} />
              </Field>
              <Field label="Website">
                {vendor.website ? (
                  <Anchor href={vendor.website} target="_blank" rel="noreferrer noopener" size="sm">
                    {vendor.website}
                  </Anchor>
                ) : null}
              </Field>
              <Field label="Legal name">
                <Text size="sm">{vendor.legalName ?? '—'}</Text>
              </Field>
            </SimpleGrid>
          </Paper>
        </Grid.Col>
        {full && internal ? (
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Paper withBorder p="lg" h="100%">
              <Title order={4} mb="md">
                Internal
              </Title>
              <Stack gap="md">
                <Field label="Criticality">
                  <CriticalityBadge criticality={full.criticality} />
                </Field>
                <Field label="Owner">
                  <Text size="sm">{ownerName}</Text>
                </Field>
                <Field label="Notes">
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {full.notes || '—'}
                  </Text>
                </Field>
                <Field label="Added · updated">
                  <Text size="sm">
                    {formatInstant(vendor.createdAt)} · {formatInstant(vendor.updatedAt)}
                  </Text>
                </Field>
              </Stack>
            </Paper>
          </Grid.Col>
        ) : null}
        {full && internal && Notice ? (
          <Grid.Col span={12}>
            <Notice vendor={full} />
          </Grid.Col>
        ) : null}
        <Grid.Col span={12}>
          <ContactsCard
            vendorId={vendor.id}
            contacts={vendor.contacts ?? []}
            editable={permissions.editContacts(user)}
          />
        </Grid.Col>
        <Grid.Col span={12}>
          <SitesCard vendorId={vendor.id} editable={permissions.editSites(user)} />
        </Grid.Col>
        {Section ? (
          <Grid.Col span={12}>
            <Section vendor={vendor} />
          </Grid.Col>
        ) : null}
      </Grid>
    </>
  );
}

/** One vendor: profile, internal assessment, contacts and what may be done with it. */
export function VendorDetailPage({ Notice, Section }: { Notice?: VendorNotice; Section?: VendorSection }) {
  const { id = '' } = useParams();
  const vendor = useVendor(id);
  return (
    <QueryState query={vendor} what="Vendor" rows={8}>
      {(v) => <VendorView vendor={v} Notice={Notice} Section={Section} />}
    </QueryState>
  );
}
