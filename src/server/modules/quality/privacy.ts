/**
 * Personal data in quality: the deliverables a user submitted and the scorecard responses they
 * wrote or answered, exported with the vendor user account (see accounts/privacy.ts). An erasure
 * replaces their name on those records; the records stay, they are the engagement's history.
 */
import type { UserDataHolder } from '../privacy/registry';
import { ERASED_NAME } from '../privacy/rules';
import * as deliverables from './deliverables-repository';
import * as scorecards from './scorecards-repository';

export const qualityUserData: UserDataHolder = {
  async export(tx, userId) {
    const [submissions, responses] = await Promise.all([
      deliverables.submissionsBy(tx, userId),
      scorecards.responsesBy(tx, userId),
    ]);
    return [
      ...submissions.map((r) => ({ kind: 'deliverableSubmission', userId, ...r })),
      ...responses.map((r) => ({ kind: 'scorecardResponse', userId, ...r })),
    ];
  },
  async erase(tx, userId) {
    return (
      (await deliverables.renameSubmitter(tx, userId, ERASED_NAME)) +
      (await scorecards.renameResponder(tx, userId, ERASED_NAME))
    );
  },
};
