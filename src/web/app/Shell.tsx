import {
  AppShell,
  Avatar,
  Box,
  Burger,
  Button,
  Center,
  Group,
  Loader,
  NavLink,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type ReactNode, Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { notifyError } from '../components/form-errors';
import {
  BadgeCheckIcon,
  BuildingIcon,
  ContractIcon,
  DashboardIcon,
  DataIcon,
  HistoryIcon,
  KeyIcon,
  LockIcon,
  Logo,
  LogoutIcon,
  QualityIcon,
  QuestionnaireIcon,
  RegisterIcon,
  RiskIcon,
  ScreeningIcon,
  SettingsIcon,
  SignInIcon,
  SpendIcon,
  TodoIcon,
  UsersIcon,
} from '../components/icons';
import { BusinessCaseIcon } from '../features/business-cases/icon';
import { HolidayCalendarIcon } from '../features/calendars/icon';
import { InboxIcon, TasksIcon } from '../features/meetings/icon';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { PlannerIcon } from '../features/planner/icon';
import { SourcingIcon } from '../features/sourcing/icon';
import { WebhookIcon } from '../features/webhooks/icon';
import { permissions, ROLE_LABELS } from './permissions';
import { type SignedInUser, useSession, useUser } from './session';

interface NavItem {
  label: string;
  to: string;
  icon: ReactNode;
}

interface NavGroup {
  /** The stage of the outsourcing life cycle the items serve; null for the group without a heading. */
  label: string | null;
  items: NavItem[];
}

/**
 * The navigation a role gets, grouped by the life cycle of an outsourcing relationship (decide
 * whether and why, select the vendor, define the work, run it, govern it, administer the tool),
 * each item with its own mark. Areas that are not built yet, or that the role may not open, are
 * not listed.
 */
function navGroups(user: SignedInUser): NavGroup[] {
  if (permissions.isVendor(user)) {
    return [
      {
        label: 'Your work',
        items: [
          { label: 'To do', to: '/todo', icon: <TodoIcon /> },
          { label: 'Inbox', to: '/inbox', icon: <InboxIcon /> },
          { label: 'My tasks', to: '/tasks', icon: <TasksIcon /> },
        ],
      },
      {
        label: 'Your organisation',
        items: [
          { label: 'My organisation', to: `/vendors/${user.vendorId ?? ''}`, icon: <BuildingIcon /> },
          { label: 'Engagements', to: '/engagements', icon: <ContractIcon /> },
          { label: 'Assessments', to: '/assessments', icon: <QuestionnaireIcon /> },
          { label: 'Holiday calendars', to: '/calendars', icon: <HolidayCalendarIcon /> },
        ],
      },
      {
        label: 'Account',
        items: [
          { label: 'API tokens', to: '/settings/tokens', icon: <KeyIcon /> },
          { label: 'Password', to: '/settings/password', icon: <LockIcon /> },
        ],
      },
    ];
  }
  const govern: NavItem[] = [
    { label: 'Risks', to: '/risks', icon: <RiskIcon /> },
    { label: 'Data protection', to: '/data-protection', icon: <DataIcon /> },
    { label: 'Sanctions screening', to: '/screening/hits', icon: <ScreeningIcon /> },
    { label: 'DORA register', to: '/registers/dora', icon: <RegisterIcon /> },
  ];
  if (permissions.readAudit(user)) govern.push({ label: 'Audit trail', to: '/audit', icon: <HistoryIcon /> });
  const administer: NavItem[] = [];
  if (permissions.manageUsers(user)) administer.push({ label: 'Users', to: '/users', icon: <UsersIcon /> });
  if (permissions.manageOrganisation(user)) {
    administer.push({ label: 'Organisation', to: '/settings/organisation', icon: <SettingsIcon /> });
    administer.push({ label: 'Diligence settings', to: '/settings/diligence', icon: <BadgeCheckIcon /> });
    administer.push({ label: 'Webhooks', to: '/settings/webhooks', icon: <WebhookIcon /> });
  }
  if (permissions.manageSignIn(user))
    administer.push({ label: 'Sign-in', to: '/settings/sign-in', icon: <SignInIcon /> });
  administer.push({ label: 'API tokens', to: '/settings/tokens', icon: <KeyIcon /> });
  administer.push({ label: 'Password', to: '/settings/password', icon: <LockIcon /> });
  return [
    {
      label: 'Decide',
      items: [
        { label: 'Dashboard', to: '/dashboard', icon: <DashboardIcon /> },
        { label: 'Business cases', to: '/business-cases', icon: <BusinessCaseIcon /> },
      ],
    },
    {
      label: 'Select',
      items: [
        { label: 'Vendors', to: '/vendors', icon: <BuildingIcon /> },
        { label: 'Sourcing', to: '/sourcing', icon: <SourcingIcon /> },
        { label: 'Questionnaires', to: '/questionnaires', icon: <QuestionnaireIcon /> },
      ],
    },
    {
      label: 'Define',
      items: [
        { label: 'Engagements', to: '/engagements', icon: <ContractIcon /> },
        { label: 'Holiday calendars', to: '/calendars', icon: <HolidayCalendarIcon /> },
      ],
    },
    {
      label: 'Run',
      items: [
        { label: 'Inbox', to: '/inbox', icon: <InboxIcon /> },
        { label: 'My tasks', to: '/tasks', icon: <TasksIcon /> },
        { label: 'Planner', to: '/planner', icon: <PlannerIcon /> },
        { label: 'Quality', to: '/quality', icon: <QualityIcon /> },
        { label: 'Spend', to: '/spend', icon: <SpendIcon /> },
      ],
    },
    { label: 'Govern', items: govern },
    { label: 'Administer', items: administer },
  ];
}

/** One stage of the life cycle: its heading and its items, a section named by its heading. */
function NavSection({ group, pathname, onGo }: { group: NavGroup; pathname: string; onGo: () => void }) {
  const id = `nav-${(group.label ?? 'main').toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={group.label ? id : undefined} data-testid="nav-group">
      {group.label ? (
        <Text id={id} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt={4} pb={2}>
          {group.label}
        </Text>
      ) : null}
      <Stack gap={2}>
        {group.items.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            leftSection={item.icon}
            active={pathname === item.to || pathname.startsWith(`${item.to}/`)}
            onClick={onGo}
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          />
        ))}
      </Stack>
    </section>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join('');
}

/** The signed-in frame: header, navigation, who is signed in, and the page. */
export function Shell() {
  const user = useUser();
  const { signOut } = useSession();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const groups = navGroups(user);

  // The sign-in guard sends the signed-out user to the login page.
  const onSignOut = () => {
    notifications.clean();
    signOut().catch((error) => notifyError(error));
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
              <Group gap={8}>
                <Logo />
              </Group>
            </Link>
          </Group>
          <NotificationBell />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation">
        {/* Scrolls when the list is taller than the window, so the last items stay reachable. */}
        <AppShell.Section grow component={ScrollArea} type="auto">
          <Stack gap="xs">
            {groups.map((group) => (
              <NavSection key={group.label ?? ''} group={group} pathname={location.pathname} onGo={close} />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Box pt="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            <Group gap="sm" wrap="nowrap" mb="sm" data-testid="current-user">
              <Avatar radius="xl" color="indigo">
                {initials(user.name)}
              </Avatar>
              <Box style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} truncate>
                  {user.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {ROLE_LABELS[user.role]}
                </Text>
              </Box>
            </Group>
            <Button variant="default" fullWidth leftSection={<LogoutIcon />} onClick={onSignOut}>
              Sign out
            </Button>
          </Box>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <Box maw={1200} mx="auto">
          {/* Each page is its own chunk (router.tsx): the frame stays while a page's code arrives. */}
          <Suspense
            fallback={
              <Center py="xl">
                <Loader aria-label="Loading the page" />
              </Center>
            }
          >
            <Outlet />
          </Suspense>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
