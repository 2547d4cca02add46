import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/**
 * The trail above a page's header: links back up (a false entry is left out), then where we are
 * (`here`), or a trailing separator for a page that has no name yet.
 */
export function Crumbs({
  trail,
  here,
  trailingSeparator,
}: {
  trail: Array<{ label: ReactNode; to: string } | false>;
  here?: ReactNode;
  trailingSeparator?: boolean;
}) {
  return (
    <Breadcrumbs mb="xs">
      {trail.map((c) =>
        c ? (
          <Anchor key={c.to} component={Link} to={c.to} size="sm">
            {c.label}
          </Anchor>
        ) : null,
      )}
      {here !== undefined ? <Text size="sm">{here}</Text> : null}
      {trailingSeparator ? <span /> : null}
    </Breadcrumbs>
  );
}
