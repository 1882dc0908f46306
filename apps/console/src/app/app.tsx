import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { PublicLayout } from '../public/public-layout.js';
import { AppShellLayout } from './app-shell.js';
import { sectionsFor, type Section } from './permissions.js';
import { SECTION_PATHS } from './section-paths.js';

// Every page is a lazy chunk: the initial JavaScript is the shell, and a page costs only when opened.
const SignInPage = lazy(() => import('../accounts/sign-in.page.js'));
const HomePage = lazy(() => import('../home/home.page.js'));
const CataloguePage = lazy(() => import('../catalogue/catalogue.page.js'));
const InnovationPage = lazy(() => import('../catalogue/innovation.page.js'));
const ReplicationPage = lazy(() => import('../replication/replication.page.js'));
const RequestReplicationPage = lazy(() => import('../replication/request-replication.page.js'));
const CompetitionsPage = lazy(() => import('../competitions/competitions.page.js'));
const EditionFormPage = lazy(() => import('../competitions/edition-form.page.js'));
const EditionPage = lazy(() => import('../competitions/edition.page.js'));
const EntryPage = lazy(() => import('../competitions/entry.page.js'));
const SubmitEntryPage = lazy(() => import('../competitions/submit-entry.page.js'));
const ProposalPage = lazy(() => import('../competitions/proposal.page.js'));
const TrackingPage = lazy(() => import('../tracking/tracking.page.js'));
const CompliancePage = lazy(() => import('../compliance/compliance.page.js'));
const ImportPage = lazy(() => import('../imports/import.page.js'));
const AccountsPage = lazy(() => import('../accounts/accounts.page.js'));
const AccountPage = lazy(() => import('../accounts/account.page.js'));
const ReplicationRequestPage = lazy(() => import('../replication/replication-request.page.js'));
const LineagePage = lazy(() => import('../tracking/lineage.page.js'));
const PublicCataloguePage = lazy(() => import('../public/public-catalogue.page.js'));
const PublicInnovationPage = lazy(() => import('../public/public-innovation.page.js'));
const InnovationFormPage = lazy(() => import('../innovations/innovation-form.page.js'));
const RegionListsPage = lazy(() => import('../innovations/region-lists.page.js'));
const OperationsPage = lazy(() => import('../operations/operations.page.js'));

function Loading() {
  const { t } = useTranslation();
  return (
    <Center h="50vh">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

export function App() {
  const session = useSession();
  const location = useLocation();
  // The public catalogue is the same for everyone, signed in or not, and needs no session to show.
  if (location.pathname === '/publik' || location.pathname.startsWith('/publik/')) {
    return (
      <PublicLayout>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/publik" element={<PublicCataloguePage />} />
            <Route path="/publik/:id" element={<PublicInnovationPage />} />
          </Routes>
        </Suspense>
      </PublicLayout>
    );
  }
  if (session.status === 'loading') return <Loading />;
  if (session.status === 'signed-out') {
    return (
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/masuk" element={<SignInPage />} />
          <Route path="*" element={<Navigate to="/masuk" replace state={{ from: location.pathname + location.search }} />} />
        </Routes>
      </Suspense>
    );
  }
  const allowed = new Set<Section>(sectionsFor(session.account));
  const when = (section: Section, element: React.ReactNode) => (allowed.has(section) ? element : <Navigate to="/" replace />);
  return (
    <AppShellLayout account={session.account}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/masuk" element={<Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />} />
          <Route path={SECTION_PATHS.home} element={when('home', <HomePage />)} />
          <Route path={SECTION_PATHS.catalogue} element={when('catalogue', <CataloguePage />)} />
          <Route path={`${SECTION_PATHS.catalogue}/daftar`} element={when('catalogue', <InnovationFormPage />)} />
          <Route path={`${SECTION_PATHS.catalogue}/opd`} element={when('catalogue', <RegionListsPage />)} />
          <Route path={`${SECTION_PATHS.catalogue}/:id`} element={when('catalogue', <InnovationPage />)} />
          <Route path={`${SECTION_PATHS.catalogue}/:id/ubah`} element={when('catalogue', <InnovationFormPage />)} />
          <Route path={SECTION_PATHS.replication} element={when('replication', <ReplicationPage />)} />
          <Route path={`${SECTION_PATHS.replication}/ajukan`} element={when('replication', <RequestReplicationPage />)} />
          <Route path={SECTION_PATHS.competitions} element={when('competitions', <CompetitionsPage />)} />
          <Route path={`${SECTION_PATHS.competitions}/baru`} element={when('competitions', <EditionFormPage />)} />
          <Route path={`${SECTION_PATHS.competitions}/entri/:id`} element={when('competitions', <EntryPage />)} />
          <Route path={`${SECTION_PATHS.competitions}/entri/:id/proposal`} element={when('competitions', <ProposalPage />)} />
          <Route path={`${SECTION_PATHS.competitions}/:id`} element={when('competitions', <EditionPage />)} />
          <Route path={`${SECTION_PATHS.competitions}/:id/kirim`} element={when('competitions', <SubmitEntryPage />)} />
          <Route path={SECTION_PATHS.tracking} element={when('tracking', <TrackingPage />)} />
          <Route path={SECTION_PATHS.compliance} element={when('compliance', <CompliancePage />)} />
          <Route path={`${SECTION_PATHS.compliance}/impor`} element={when('compliance', <ImportPage />)} />
          <Route path={SECTION_PATHS.accounts} element={when('accounts', <AccountsPage />)} />
          <Route path={`${SECTION_PATHS.accounts}/:id`} element={when('accounts', <AccountPage />)} />
          <Route path={`${SECTION_PATHS.replication}/:id`} element={when('replication', <ReplicationRequestPage />)} />
          <Route path={`${SECTION_PATHS.tracking}/entri/:id`} element={when('tracking', <LineagePage />)} />
          <Route path={SECTION_PATHS.operations} element={when('operations', <OperationsPage />)} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </AppShellLayout>
  );
}
