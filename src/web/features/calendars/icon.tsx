import { Icon } from '../../components/icons';

/** The navigation icon of holiday calendars: a calendar page with one day marked. */
export const HolidayCalendarIcon = () => (
  <Icon>
    <rect x="4" y="5" width="16" height="15" rx="2" />
    <path d="M4 10h16M9 3v4M15 3v4" />
    <circle cx="15" cy="15" r="1.5" />
  </Icon>
);
