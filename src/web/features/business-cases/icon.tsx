import { Icon } from '../../components/icons';

/** The navigation icon of business cases: a scale. */
export const BusinessCaseIcon = () => (
  <Icon strokeWidth="2" round={false}>
    <path
      d="M12 3v18M5 21h14M4 8h16M7 8l-3 7a3 3 0 0 0 6 0zM17 8l-3 7a3 3 0 0 0 6 0z"
      strokeLinejoin="round"
    />
  </Icon>
);
