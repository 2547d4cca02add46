import { Button, Menu } from '@mantine/core';
import { notifyError, notifySuccess } from './form-errors';
import { humanise } from './format';

/** The status change a page's update mutation makes; a refusal comes back as its error. */
interface StatusUpdate<S extends string> {
  mutate: (
    body: { status: S },
    options: { onSuccess: () => void; onError: (error: unknown) => void },
  ) => void;
  isPending: boolean;
}

/**
 * Move something along its life cycle: a "Change status" menu of only the transitions the API
 * allows (none: no menu); success and refusal are told in a notification.
 */
export function StatusMenu<S extends string>({
  name,
  transitions,
  update,
}: {
  /** What moves, as the notification names it. */
  name: string;
  transitions: readonly S[];
  update: StatusUpdate<S>;
}) {
  if (transitions.length === 0) return null;
  const move = (status: S) =>
    update.mutate(
      { status },
      {
        onSuccess: () => notifySuccess(`${name} is now ${humanise(status).toLowerCase()}.`),
        onError: (e) => notifyError(e, 'Status not changed'),
      },
    );
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="light" loading={update.isPending}>
          Change status
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Move to</Menu.Label>
        {transitions.map((s) => (
          <Menu.Item key={s} onClick={() => move(s)}>
            {humanise(s)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
