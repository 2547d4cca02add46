import { Icon } from '../../components/icons';

/** The navigation icon of the planner: a clock. */
export const PlannerIcon = () => (
  <Icon strokeWidth="2" round={false}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" strokeLinecap="round" strokeLinejoin="round" />
  </Icon>
);
