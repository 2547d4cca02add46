import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import type { Role } from '../../contracts/accounts';
import { EmptyState } from '../components/EmptyState';
import { LoginPage } from '../features/accounts/pages/LoginPage';
import { PasswordPage } from '../features/accounts/pages/PasswordPage';
import { SetupPage } from '../features/accounts/pages/SetupPage';
import { TokensPage } from '../features/accounts/pages/TokensPage';
import { UsersPage } from '../features/accounts/pages/UsersPage';
import { AccessReviewPage } from '../features/assurance/pages/AccessReviewPage';
import { VendorAssessmentsPage } from '../features/assurance/pages/VendorAssessmentsPage';
import { AuditPage } from '../features/audit/AuditPage';
import { BusinessCaseListPage } from '../features/business-cases/pages/BusinessCaseListPage';
import { BusinessCaseCreatePage, BusinessCasePage } from '../features/business-cases/pages/BusinessCasePage';
import { CalendarPage } from '../features/calendars/CalendarPage';
import { CalendarsPage } from '../features/calendars/CalendarsPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { DataProtectionPage } from '../features/data-sharing/pages/DataProtectionPage';
import { VendorDataPage } from '../features/data-sharing/pages/VendorDataPage';
import { DiligenceSettingsPage } from '../features/diligence/pages/DiligenceSettingsPage';
import { VendorDiligencePage } from '../features/diligence/pages/VendorDiligencePage';
import { EngagementCreatePage, EngagementEditPage } from '../features/engagements/pages/EngagementFormPages';
import { EngagementListPage } from '../features/engagements/pages/EngagementListPage';
import { EngagementPage } from '../features/engagements/pages/EngagementPage';
import { InboxPage } from '../features/meetings/InboxPage';
import { MeetingsPage } from '../features/meetings/MeetingsPage';
import { TasksPage } from '../features/meetings/TasksPage';
import { MessagesPage } from '../features/messaging/MessagesPage';
import { NotificationSettingsPage } from '../features/notifications/NotificationSettingsPage';
import { PlannerPage } from '../features/planner/PlannerPage';
import { AcceptInvitationPage } from '../features/portal/AcceptInvitationPage';
import { InvitePage } from '../features/portal/InvitePage';
import { EngagementQualityPage } from '../features/quality/pages/EngagementQualityPage';
import { QualityPortfolioPage } from '../features/quality/pages/QualityPortfolioPage';
import { AssessmentPage } from '../features/questionnaires/pages/AssessmentPage';
import { AssessmentsPage } from '../features/questionnaires/pages/AssessmentsPage';
import { TemplateEditorPage } from '../features/questionnaires/pages/TemplateEditorPage';
import { TemplatesPage } from '../features/questionnaires/pages/TemplatesPage';
import { VendorQuestionnairesPage } from '../features/questionnaires/pages/VendorQuestionnairesPage';
import { RisksPage } from '../features/risks/RisksPage';
import { OrganisationPage } from '../features/settings/OrganisationPage';
import { SourcingCreatePage } from '../features/sourcing/pages/SourcingCreatePage';
import { SourcingEventPage } from '../features/sourcing/pages/SourcingEventPage';
import { SourcingListPage } from '../features/sourcing/pages/SourcingListPage';
import { SpendPage } from '../features/spend/SpendPage';
import { VendorDetailPage } from '../features/vendors/pages/VendorDetailPage';
import { VendorCreatePage, VendorEditPage } from '../features/vendors/pages/VendorFormPages';
import { VendorListPage } from '../features/vendors/pages/VendorListPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
import { DataAccessSections, engagementTabs, VendorOpenGrants, VendorPartnerBrief } from './composition';
import { permissions } from './permissions';
import { Shell } from './Shell';
import { useSession, useUser } from './session';

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
function Allow({ when, children }: { when: (role: Role) => boolean; children: ReactNode }) {
  const user = useUser();
  if (!when(user.role)) {
    return (
      <EmptyState title="Not available to your role" testId="not-allowed">
        Ask an owner or administrator if you need access.
      </EmptyState>
    );
  }
  return <>{children}</>;
}

/** Home: internal users start at the vendor list, a vendor user at their own vendor. */
function Home() {
  const user = useUser();
  if (user.role === 'vendor') return <Navigate to={`/vendors/${user.vendorId ?? ''}`} replace />;
  return <Navigate to="/vendors" replace />;
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

export const router = createBrowserRouter([
  { path: '/setup', element: <SetupPage /> },
  { path: '/login', element: <LoginPage /> },
  { path: '/invitations/:token', element: <AcceptInvitationPage /> },
  {
    path: '/',
    element: <RequireSignIn />,
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
        element: <VendorDetailPage Notice={VendorOpenGrants} Section={VendorPartnerBrief} />,
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
      { path: 'engagements/:id/messages', element: <MessagesPage /> },
      { path: 'engagements/:id/messages/:threadId', element: <MessagesPage /> },
      { path: 'engagements/:id/meetings', element: <MeetingsPage /> },
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
      { path: 'settings/tokens', element: <TokensPage /> },
      { path: 'settings/password', element: <PasswordPage /> },
      { path: 'settings/notifications', element: <NotificationSettingsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
