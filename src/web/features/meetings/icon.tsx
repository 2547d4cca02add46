import { Icon } from '../../components/icons';

/** The navigation icon of the inbox: a tray. */
export const InboxIcon = () => (
  <Icon strokeWidth="2">
    <path d="M3 13h5l2 3h4l2-3h5" />
    <path d="M5 5h14l2 8v6H3v-6z" />
  </Icon>
);

/** The navigation icon of the task list: a checked box. */
export const TasksIcon = () => (
  <Icon strokeWidth="2">
    <rect x="4" y="4" width="16" height="16" rx="2" />
    <path d="M8 12l3 3 5-6" />
  </Icon>
);
