import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { PageHeader } from '../../../components/PageHeader';
import { AssessmentList, NoAssessments } from '../components/AssessmentList';

/** Every assessment sent (a vendor user: those sent to their organisation). */
export function AssessmentsPage() {
  const user = useUser();
  const internal = permissions.isInternal(user);
  return (
    <>
      <PageHeader
        title="Assessments"
        description={
          internal
            ? 'Questionnaires sent to vendors: answered in the portal, scored and reviewed here.'
            : 'Questionnaires your customer asked you to answer: save a draft, attach files, submit.'
        }
      />
      <AssessmentList showVendor={internal} empty={<NoAssessments internal={internal} />} />
    </>
  );
}
