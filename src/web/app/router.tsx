import { Center, Loader } from '@mantine/core';
import { type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, useLocation, useParams } from 'react-router';
import { EmptyState } from '../components/EmptyState';
import { DataAccessSections, engagementTabs, VendorInternalNotices, VendorPartnerBrief } from './composition';
import { lazyNamed } from './lazy';
import { permissions } from './permissions';
import { RouteError } from './RouteError';
import { Shell } from './Shell';
import { type SignedInUser, useSession, useUser } from './session';

/**
 * Every page is its own chunk, loaded when its route is first opened, so the first page downloads
 * only the shell and itself (docs/performance.md, "Web bundle").
 */
const LoginPage = lazyNamed(() => import('../features/accounts/pages/LoginPage'), 'LoginPage');
const SignInSettingsPage = lazyNamed(
  () => import('../features/accounts/pages/SignInSettingsPage'),
  'SignInSettingsPage',
);
const SetupPage = lazyNamed(() => import('../features/accounts/pages/SetupPage'), 'SetupPage');
const PasswordPage = lazyNamed(() => import('../features/accounts/pages/PasswordPage'), 'PasswordPage');
const TokensPage = lazyNamed(() => import('../features/accounts/pages/TokensPage'), 'TokensPage');
const UsersPage = lazyNamed(() => import('../features/accounts/pages/UsersPage'), 'UsersPage');
const AccessReviewPage = lazyNamed(
  () => import('../features/assurance/pages/AccessReviewPage'),
  'AccessReviewPage',
);
const VendorAssessmentsPage = lazyNamed(
  () => import('../features/assurance/pages/VendorAssessmentsPage'),
  'VendorAssessmentsPage',
);
const AuditPage = lazyNamed(() => import('../features/audit/AuditPage'), 'AuditPage');
const BusinessCaseListPage = lazyNamed(
  () => import('../features/business-cases/pages/BusinessCaseListPage'),
  'BusinessCaseListPage',
);
const BusinessCaseCreatePage = lazyNamed(
  () => import('../features/business-cases/pages/BusinessCasePage'),
  'BusinessCaseCreatePage',
);
const BusinessCasePage = lazyNamed(
  () => import('../features/business-cases/pages/BusinessCasePage'),
  'BusinessCasePage',
);
const CalendarPage = lazyNamed(() => import('../features/calendars/CalendarPage'), 'CalendarPage');
const CalendarsPage = lazyNamed(() => import('../features/calendars/CalendarsPage'), 'CalendarsPage');
const DashboardPage = lazyNamed(() => import('../features/dashboard/DashboardPage'), 'DashboardPage');
const DataProtectionPage = lazyNamed(
  () => import('../features/data-sharing/pages/DataProtectionPage'),
  'DataProtectionPage',
);
const VendorDataPage = lazyNamed(
  () => import('../features/data-sharing/pages/VendorDataPage'),
  'VendorDataPage',
);
const DiligenceSettingsPage = lazyNamed(
  () => import('../features/diligence/pages/DiligenceSettingsPage'),
  'DiligenceSettingsPage',
);
const VendorDiligencePage = lazyNamed(
  () => import('../features/diligence/pages/VendorDiligencePage'),
  'VendorDiligencePage',
);
const EngagementCreatePage = lazyNamed(
  () => import('../features/engagements/pages/EngagementFormPages'),
  'EngagementCreatePage',
);
const EngagementEditPage = lazyNamed(
  () => import('../features/engagements/pages/EngagementFormPages'),
  'EngagementEditPage',
);
const EngagementListPage = lazyNamed(
  () => import('../features/engagements/pages/EngagementListPage'),
  'EngagementListPage',
);
const EngagementPage = lazyNamed(
  () => import('../features/engagements/pages/EngagementPage'),
  'EngagementPage',
);
const InboxPage = lazyNamed(() => import('../features/meetings/InboxPage'), 'InboxPage');
const MeetingsPage = lazyNamed(() => import('../features/meetings/MeetingsPage'), 'MeetingsPage');
const TasksPage = lazyNamed(() => import('../features/meetings/TasksPage'), 'TasksPage');
const NotificationSettingsPage = lazyNamed(
  () => import('../features/notifications/NotificationSettingsPage'),
  'NotificationSettingsPage',
);
const PlannerPage = lazyNamed(() => import('../features/planner/PlannerPage'), 'PlannerPage');
const AcceptInvitationPage = lazyNamed(
  () => import('../features/portal/AcceptInvitationPage'),
  'AcceptInvitationPage',
);
const InvitePage = lazyNamed(() => import('../features/portal/InvitePage'), 'InvitePage');
const TodoPage = lazyNamed(() => import('../features/portal/TodoPage'), 'TodoPage');
const EngagementQualityPage = lazyNamed(
  () => import('../features/quality/pages/EngagementQualityPage'),
  'EngagementQualityPage',
);
const QualityPortfolioPage = lazyNamed(
  () => import('../features/quality/pages/QualityPortfolioPage'),
  'QualityPortfolioPage',
);
const AssessmentPage = lazyNamed(
  () => import('../features/questionnaires/pages/AssessmentPage'),
  'AssessmentPage',
);
const AssessmentsPage = lazyNamed(
  () => import('../features/questionnaires/pages/AssessmentsPage'),
  'AssessmentsPage',
);
const TemplateEditorPage = lazyNamed(
  () => import('../features/questionnaires/pages/TemplateEditorPage'),
  'TemplateEditorPage',
);
const TemplatesPage = lazyNamed(
  () => import('../features/questionnaires/pages/TemplatesPage'),
  'TemplatesPage',
);
const VendorQuestionnairesPage = lazyNamed(
  () => import('../features/questionnaires/pages/VendorQuestionnairesPage'),
  'VendorQuestionnairesPage',
);
const RisksPage = lazyNamed(() => import('../features/risks/RisksPage'), 'RisksPage');
const ScreeningListsPage = lazyNamed(() => import('../features/screening/ListsPage'), 'ListsPage');
const ScreeningHitsPage = lazyNamed(() => import('../features/screening/HitsPage'), 'HitsPage');
const ScreeningHitPage = lazyNamed(() => import('../features/screening/HitsPage'), 'HitPage');
const DoraRegisterPage = lazyNamed(
  () => import('../features/registers/DoraRegisterPage'),
  'DoraRegisterPage',
);
const OrganisationPage = lazyNamed(() => import('../features/settings/OrganisationPage'), 'OrganisationPage');
const SourcingCreatePage = lazyNamed(
  () => import('../features/sourcing/pages/SourcingCreatePage'),
  'SourcingCreatePage',
);
const SourcingEventPage = lazyNamed(
  () => import('../features/sourcing/pages/SourcingEventPage'),
  'SourcingEventPage',
);
const SourcingListPage = lazyNamed(
  () => import('../features/sourcing/pages/SourcingListPage'),
  'SourcingListPage',
);
const SpendPage = lazyNamed(() => import('../features/spend/SpendPage'), 'SpendPage');
const VendorDetailPage = lazyNamed(
  () => import('../features/vendors/pages/VendorDetailPage'),
  'VendorDetailPage',
);
const VendorCreatePage = lazyNamed(
  () => import('../features/vendors/pages/VendorFormPages'),
  'VendorCreatePage',
);
const VendorEditPage = lazyNamed(() => import('../features/vendors/pages/VendorFormPages'), 'VendorEditPage');
const VendorListPage = lazyNamed(() => import('../features/vendors/pages/VendorListPage'), 'VendorListPage');
const WebhooksPage = lazyNamed(() => import('../features/webhooks/WebhooksPage'), 'WebhooksPage');

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** Pages behind sign-in: wait for the session, send strangers to the login page. */
function RequireSignIn() {
  const { user, ended } = useSession();
  const location = useLocation();
  if (user === undefined) return <FullPageLoader />;
  if (user === null) {
    // After signing out, the next person starts at their own home page, not at the last page seen.
    const state =
      ended === 'signed-out'
        ? {}
        : { from: location.pathname + location.search, expired: ended === 'expired' };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Shell />;
}

/** A page that only some roles may open; others get a plain message instead of a broken page. */
function Allow({ when, children }: { when: (user: SignedInUser) => boolean; children: ReactNode }) {
  const user = useUser();
  if (!when(user)) {
    return (
      <EmptyState title="Not available to your role" testId="not-allowed">
        Ask an owner or administrator if you need access.
      </EmptyState>
    );
  }
  return <>{children}</>;
}

/** Home: internal users start at the portfolio dashboard, a vendor user at their to-do list. */
function Home() {
  const user = useUser();
  if (user.role === 'vendor') return <Navigate to="/todo" replace />;
  return <Navigate to="/dashboard" replace />;
}

/** The old address of an engagement's messages: the Messages tab of the engagement page now. */
function MessagesRedirect() {
  const { id = '', threadId } = useParams();
  const thread = threadId ? `&thread=${encodeURIComponent(threadId)}` : '';
  return <Navigate to={`/engagements/${encodeURIComponent(id)}?tab=messages${thread}`} replace />;
}

function VendorsIndex() {
  const user = useUser();
  if (user.role === 'vendor') return <Navigate to={`/vendors/${user.vendorId ?? ''}`} replace />;
  return <VendorListPage />;
}

function NotFoundPage() {
  return (
    <EmptyState title="Page not found" testId="not-found">
      The address does not match any page. Use the navigation on the left.
    </EmptyState>
  );
}

/** A page outside the signed-in frame: its own loader while its chunk arrives. */
function Standalone({ children }: { children: ReactNode }) {
  return <Suspense fallback={<FullPageLoader />}>{children}</Suspense>;
}

const fullPageError = <RouteError fullPage />;

export const router = createBrowserRouter([
  {
    path: '/setup',
    element: (
      <Standalone>
        <SetupPage />
      </Standalone>
    ),
    errorElement: fullPageError,
  },
  {
    path: '/login',
    element: (
      <Standalone>
        <LoginPage />
      </Standalone>
    ),
    errorElement: fullPageError,
  },
  {
    path: '/invitations/:token',
    element: (
      <Standalone>
        <AcceptInvitationPage />
      </Standalone>
    ),
    errorElement: fullPageError,
  },
  {
    path: '/',
    element: <RequireSignIn />,
    errorElement: fullPageError,
    children: [
      {
        // Every page inside the frame: an error replaces the page only, so the navigation stays.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Home /> },
          { path: 'vendors', element: <VendorsIndex /> },
          {
            path: 'vendors/new',
            element: (
              <Allow when={permissions.writeVendors}>
                <VendorCreatePage />
              </Allow>
            ),
          },
          {
            path: 'vendors/:id',
            element: <VendorDetailPage Notice={VendorInternalNotices} Section={VendorPartnerBrief} />,
          },
          { path: 'vendors/:id/diligence', element: <VendorDiligencePage /> },
          { path: 'vendors/:id/assessments', element: <VendorAssessmentsPage /> },
          { path: 'access-reviews/:id', element: <AccessReviewPage /> },
          { path: 'vendors/:id/data', element: <VendorDataPage Extra={DataAccessSections} /> },
          { path: 'vendors/:id/questionnaires', element: <VendorQuestionnairesPage /> },
          {
            path: 'questionnaires',
            element: (
              <Allow when={permissions.isInternal}>
                <TemplatesPage />
              </Allow>
            ),
          },
          {
            path: 'questionnaires/new',
            element: (
              <Allow when={permissions.writeVendors}>
                <TemplateEditorPage />
              </Allow>
            ),
          },
          {
            path: 'questionnaires/:id',
            element: (
              <Allow when={permissions.isInternal}>
                <TemplateEditorPage />
              </Allow>
            ),
          },
          { path: 'assessments', element: <AssessmentsPage /> },
          { path: 'assessments/:id', element: <AssessmentPage /> },
          {
            path: 'spend',
            element: (
              <Allow when={permissions.isInternal}>
                <SpendPage />
              </Allow>
            ),
          },
          {
            path: 'dashboard',
            element: (
              <Allow when={permissions.isInternal}>
                <DashboardPage />
              </Allow>
            ),
          },
          {
            path: 'risks',
            element: (
              <Allow when={permissions.isInternal}>
                <RisksPage />
              </Allow>
            ),
          },
          {
            path: 'screening/lists',
            element: (
              <Allow when={permissions.isInternal}>
                <ScreeningListsPage />
              </Allow>
            ),
          },
          {
            path: 'screening/hits',
            element: (
              <Allow when={permissions.isInternal}>
                <ScreeningHitsPage />
              </Allow>
            ),
          },
          {
            path: 'screening/hits/:id',
            element: (
              <Allow when={permissions.isInternal}>
                <ScreeningHitPage />
              </Allow>
            ),
          },
          {
            path: 'registers/dora',
            element: (
              <Allow when={permissions.isInternal}>
                <DoraRegisterPage />
              </Allow>
            ),
          },
          {
            path: 'data-protection',
            element: (
              <Allow when={permissions.isInternal}>
                <DataProtectionPage />
              </Allow>
            ),
          },
          {
            path: 'vendors/:id/invite',
            element: (
              <Allow when={permissions.writeVendors}>
                <InvitePage />
              </Allow>
            ),
          },
          {
            path: 'vendors/:id/edit',
            element: (
              <Allow when={permissions.editVendor}>
                <VendorEditPage />
              </Allow>
            ),
          },
          { path: 'engagements', element: <EngagementListPage /> },
          {
            path: 'engagements/new',
            element: (
              <Allow when={permissions.writeEngagements}>
                <EngagementCreatePage />
              </Allow>
            ),
          },
          { path: 'engagements/:id', element: <EngagementPage tabs={engagementTabs} /> },
          { path: 'engagements/:id/quality', element: <EngagementQualityPage /> },
          { path: 'engagements/:id/messages', element: <MessagesRedirect /> },
          { path: 'engagements/:id/messages/:threadId', element: <MessagesRedirect /> },
          { path: 'engagements/:id/meetings', element: <MeetingsPage /> },
          {
            path: 'todo',
            element: (
              <Allow when={permissions.isVendor}>
                <TodoPage />
              </Allow>
            ),
          },
          { path: 'inbox', element: <InboxPage /> },
          { path: 'tasks', element: <TasksPage /> },
          {
            path: 'quality',
            element: (
              <Allow when={permissions.isInternal}>
                <QualityPortfolioPage />
              </Allow>
            ),
          },
          {
            path: 'engagements/:id/edit',
            element: (
              <Allow when={permissions.writeEngagements}>
                <EngagementEditPage />
              </Allow>
            ),
          },
          {
            path: 'business-cases',
            element: (
              <Allow when={permissions.isInternal}>
                <BusinessCaseListPage />
              </Allow>
            ),
          },
          {
            path: 'business-cases/new',
            element: (
              <Allow when={permissions.writeBusinessCases}>
                <BusinessCaseCreatePage />
              </Allow>
            ),
          },
          {
            path: 'business-cases/:id',
            element: (
              <Allow when={permissions.isInternal}>
                <BusinessCasePage />
              </Allow>
            ),
          },
          {
            path: 'sourcing',
            element: (
              <Allow when={permissions.isInternal}>
                <SourcingListPage />
              </Allow>
            ),
          },
          {
            path: 'sourcing/new',
            element: (
              <Allow when={permissions.writeEngagements}>
                <SourcingCreatePage />
              </Allow>
            ),
          },
          {
            path: 'sourcing/:id',
            element: (
              <Allow when={permissions.isInternal}>
                <SourcingEventPage />
              </Allow>
            ),
          },
          { path: 'calendars', element: <CalendarsPage /> },
          { path: 'calendars/:id', element: <CalendarPage /> },
          {
            path: 'planner',
            element: (
              <Allow when={permissions.isInternal}>
                <PlannerPage />
              </Allow>
            ),
          },
          {
            path: 'users',
            element: (
              <Allow when={permissions.manageUsers}>
                <UsersPage />
              </Allow>
            ),
          },
          {
            path: 'audit',
            element: (
              <Allow when={permissions.readAudit}>
                <AuditPage />
              </Allow>
            ),
          },
          {
            path: 'settings/organisation',
            element: (
              <Allow when={permissions.manageOrganisation}>
                <OrganisationPage />
              </Allow>
            ),
          },
          {
            path: 'settings/diligence',
            element: (
              <Allow when={permissions.isInternal}>
                <DiligenceSettingsPage />
              </Allow>
            ),
          },
          {
            path: 'settings/webhooks',
            element: (
              <Allow when={permissions.manageOrganisation}>
                <WebhooksPage />
              </Allow>
            ),
          },
          {
            path: 'settings/sign-in',
            element: (
              <Allow when={permissions.manageSignIn}>
                <SignInSettingsPage />
              </Allow>
            ),
          },
          { path: 'settings/tokens', element: <TokensPage /> },
          { path: 'settings/password', element: <PasswordPage /> },
          { path: 'settings/notifications', element: <NotificationSettingsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
