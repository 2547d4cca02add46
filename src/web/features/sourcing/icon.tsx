/** The navigation icon of sourcing: a podium (candidates ranked). */
export const SourcingIcon = () => (
  <svg
    width="18"
    height="18"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    aria-hidden="true"
  >
    <path d="M9 20V8h6v12M3 20v-7h6M15 20v-9h6v9M2 20h20" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);
