import { Anchor, Breadcrumbs, Button, Grid, NavLink, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../app/api';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useOccurrences, useSeries } from './api';
import { MeetingPanel } from './MeetingPanel';
import { KIND_LABELS, SeriesForm } from './SeriesForm';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** An engagement's governance meetings: series, their meetings, minutes and action items. */
export function MeetingsPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const canWrite = permissions.writeEngagements(user);
  const engagement = useQuery({
    queryKey: ['meetings', 'engagement', id],
    queryFn: () =>
      api.get<{ id: string; title: string; vendorId: string }>(`/engagements/${encodeURIComponent(id)}`),
  });
  const series = useSeries(id);
  const [selected, setSelected] = useState<string | null>(null);
  const [meetingId, setMeetingId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const from = day(-31);
  const to = day(120);
  const occurrences = useOccurrences(selected, from, to);
  const meeting = occurrences.data?.items.find((m) => m.id === meetingId);

  return (
    <QueryState query={engagement} what="Engagement">
      {(e) => (
        <Stack>
          <Breadcrumbs>
            <Anchor component={Link} to="/engagements">
              Engagements
            </Anchor>
            <Anchor component={Link} to={`/engagements/${e.id}`}>
              {e.title}
            </Anchor>
            <Text>Meetings</Text>
          </Breadcrumbs>
          <PageHeader
            title="Governance meetings"
            description="Recurring meetings with the vendor, each with an agenda, minutes and action items."
            actions={
              canWrite && !creating ? <Button onClick={() => setCreating(true)}>New series</Button> : null
            }
          />
          {creating ? (
            <SeriesForm
              engagementId={e.id}
              vendorId={e.vendorId}
              onCancel={() => setCreating(false)}
              onCreated={(sid) => {
                setCreating(false);
                setSelected(sid);
              }}
            />
          ) : null}
          <QueryState query={series} what="Meeting series">
            {(list) =>
              list.items.length === 0 ? (
                <EmptyState title="No meeting series yet">
                  {canWrite
                    ? 'Start one with “New series”: a weekly operations call, a monthly service review or a quarterly business review.'
                    : 'Meetings appear here once the client sets up a series.'}
                </EmptyState>
              ) : (
                <Grid>
                  <Grid.Col span={{ base: 12, md: 4 }}>
                    {list.items.map((s) => (
                      <NavLink
                        key={s.id}
                        label={s.title}
                        description={`${KIND_LABELS[s.kind]} · ${s.startTime} ${s.timezone}`}
                        active={s.id === selected}
                        onClick={() => {
                          setSelected(s.id);
                          setMeetingId(null);
                        }}
                      />
                    ))}
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, md: 8 }}>
                    {selected === null ? (
                      <Text c="dimmed">Pick a series to see its meetings.</Text>
                    ) : (
                      <QueryState query={occurrences} what="Meetings">
                        {(o) => (
                          <Stack gap="xs">
                            <Text size="sm" c="dimmed">
                              Meetings from {from} to {to}; times in {o.series.timezone}.
                            </Text>
                            <Text size="sm" data-testid="attendees">
                              Attendees:{' '}
                              {o.series.attendees.length
                                ? o.series.attendees
                                    .map((p) => (p.type === 'contact' ? `${p.name} (vendor)` : p.name))
                                    .join(', ')
                                : 'none named'}
                            </Text>
                            {o.items.length === 0 ? (
                              <Text c="dimmed">No meetings in this period.</Text>
                            ) : (
                              o.items.map((m) => (
                                <NavLink
                                  key={m.id}
                                  data-testid="occurrence"
                                  label={`${m.date} ${m.localStart}–${m.localEnd}`}
                                  description={
                                    m.updatedAt || m.actions.length
                                      ? `${m.minutes ? 'Minutes' : 'Agenda'} · ${m.actions.length} action(s)`
                                      : undefined
                                  }
                                  active={m.id === meetingId}
                                  onClick={() => setMeetingId(m.id)}
                                />
                              ))
                            )}
                            {meeting ? (
                              <MeetingPanel meeting={meeting} engagementId={e.id} canWrite={canWrite} />
                            ) : null}
                          </Stack>
                        )}
                      </QueryState>
                    )}
                  </Grid.Col>
                </Grid>
              )
            }
          </QueryState>
        </Stack>
      )}
    </QueryState>
  );
}
