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
  BuildingIcon,
  ChartIcon,
  ContractIcon,
  KeyIcon,
  LockIcon,
  Logo,
  LogoutIcon,
  SettingsIcon,
  ShieldIcon,
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
import { useSession, useUser } from './session';

interface NavItem {
  label: string;
  to: string;
  icon: ReactNode;
}

/** The navigation a role gets; areas that are not built yet are not listed. */
function navItems(role: ReturnType<typeof useUser>['role'], vendorId: string | null): NavItem[] {
  if (role === 'vendor') {
    return [
      { label: 'My organisation', to: `/vendors/${vendorId ?? ''}`, icon: <BuildingIcon /> },
      { label: 'Engagements', to: '/engagements', icon: <ContractIcon /> },
      { label: 'Assessments', to: '/assessments', icon: <ShieldIcon /> },
      { label: 'Inbox', to: '/inbox', icon: <InboxIcon /> },
      { label: 'My tasks', to: '/tasks', icon: <TasksIcon /> },
      { label: 'Holiday calendars', to: '/calendars', icon: <HolidayCalendarIcon /> },
      { label: 'API tokens', to: '/settings/tokens', icon: <KeyIcon /> },
      { label: 'Password', to: '/settings/password', icon: <LockIcon /> },
    ];
  }
  const items: NavItem[] = [
    { label: 'Vendors', to: '/vendors', icon: <BuildingIcon /> },
    { label: 'Business cases', to: '/business-cases', icon: <BusinessCaseIcon /> },
    { label: 'Sourcing', to: '/sourcing', icon: <SourcingIcon /> },
    { label: 'Questionnaires', to: '/questionnaires', icon: <ShieldIcon /> },
    { label: 'Engagements', to: '/engagements', icon: <ContractIcon /> },
    { label: 'Inbox', to: '/inbox', icon: <InboxIcon /> },
    { label: 'My tasks', to: '/tasks', icon: <TasksIcon /> },
    { label: 'Quality', to: '/quality', icon: <ChartIcon /> },
    { label: 'Planner', to: '/planner', icon: <PlannerIcon /> },
    { label: 'Holiday calendars', to: '/calendars', icon: <HolidayCalendarIcon /> },
    { label: 'Data protection', to: '/data-protection', icon: <ShieldIcon /> },
    { label: 'Spend', to: '/spend', icon: <ChartIcon /> },
    { label: 'Risks', to: '/risks', icon: <ShieldIcon /> },
    { label: 'DORA register', to: '/registers/dora', icon: <ShieldIcon /> },
    { label: 'Dashboard', to: '/dashboard', icon: <ChartIcon /> },
  ];
  if (permissions.manageUsers(role)) items.push({ label: 'Users', to: '/users', icon: <UsersIcon /> });
  if (permissions.readAudit(role)) items.push({ label: 'Audit trail', to: '/audit', icon: <ShieldIcon /> });
  if (permissions.manageOrganisation(role)) {
    items.push({ label: 'Organisation', to: '/settings/organisation', icon: <SettingsIcon /> });
    items.push({ label: 'Diligence settings', to: '/settings/diligence', icon: <ShieldIcon /> });
    items.push({ label: 'Webhooks', to: '/settings/webhooks', icon: <WebhookIcon /> });
  }
  items.push({ label: 'API tokens', to: '/settings/tokens', icon: <KeyIcon /> });
  items.push({ label: 'Password', to: '/settings/password', icon: <LockIcon /> });
  return items;
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
  const items = navItems(user.role, user.vendorId);

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
          <Stack gap={2}>
            {items.map((item) => (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={item.label}
                leftSection={item.icon}
                active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
                onClick={close}
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              />
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
