import { Icon } from '../../components/icons';

/** The navigation icon of sourcing: a podium (candidates ranked). */
export const SourcingIcon = () => (
  <Icon strokeWidth="2" round={false}>
    <path d="M9 20V8h6v12M3 20v-7h6M15 20v-9h6v9M2 20h20" strokeLinecap="round" strokeLinejoin="round" />
  </Icon>
);
