import { Alert, Button, Skeleton, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../app/api';

/** A readable message for anything a query or mutation threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** The error of a failed load, with a way to try again; a 404 says the thing does not exist. */
export function LoadError({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what?: string }) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Alert
      color={notFound ? 'gray' : 'red'}
      variant="light"
      title={notFound ? `${what ?? 'Page'} not found` : 'Could not load this'}
      data-testid={notFound ? 'not-found' : 'load-error'}
    >
      <Stack gap="sm" align="flex-start">
        {notFound
          ? `This ${(what ?? 'page').toLowerCase()} does not exist, or you do not have access to it.`
          : errorMessage(error)}
        {onRetry && !notFound ? (
          <Button size="xs" variant="white" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** Skeleton lines while a page loads. */
export function LoadingBlock({ rows = 4 }: { rows?: number }) {
  return (
    <Stack gap="sm" data-testid="loading">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <Skeleton key={i} height={i === 0 ? 36 : 22} radius="sm" />
      ))}
    </Stack>
  );
}

/** Render children once a query has data; loading and error states otherwise. */
export function QueryState<T>({
  query,
  children,
  what,
  rows,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
  what?: string;
  rows?: number;
}) {
  if (query.isPending) return <LoadingBlock rows={rows} />;
  if (query.error || query.data === undefined) {
    return <LoadError error={query.error} what={what} onRetry={() => query.refetch()} />;
  }
  return <>{children(query.data)}</>;
}
