import { Button, Center, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** A chunk that did not arrive: the app was updated since the page loaded, or the network dropped. */
function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically|Failed to fetch/i.test(
    message,
  );
}

function describeError(error: unknown): { title: string; text: string; detail?: string } {
  if (isRouteErrorResponse(error)) {
    return { title: `${error.status} ${error.statusText}`, text: 'This page could not be opened.' };
  }
  if (isChunkLoadError(error)) {
    return {
      title: 'This page could not be loaded',
      text: 'Part of the app did not arrive: the network may have dropped, or Outpost was updated since you opened it. Reloading fetches the current version.',
    };
  }
  return {
    title: 'Something went wrong on this page',
    text: 'The page stopped with an error. Nothing you saved is lost; reload to try again, or go back to your start page.',
    detail: error instanceof Error ? error.message : undefined,
  };
}

/**
 * What a route shows instead of a white screen when its code fails to load or it throws while
 * rendering: what happened, and a way back (reload, or the start page). Inside the signed-in
 * frame it replaces only the page, so the navigation stays usable.
 */
export function RouteError({ fullPage = false }: { fullPage?: boolean }) {
  const error = useRouteError();
  const { title, text, detail } = describeError(error);
  const body = (
    <Paper withBorder radius="md" p="xl" maw={560} mx="auto" data-testid="route-error" role="alert">
      <Stack gap="sm">
        <Title order={1} size="h3">
          {title}
        </Title>
        <Text>{text}</Text>
        {detail ? (
          <Code block c="dark">
            {detail}
          </Code>
        ) : null}
        <Group gap="sm" mt="xs">
          <Button onClick={() => window.location.reload()}>Reload the page</Button>
          {/* A full navigation, not the router's: after a failed chunk the router's state is stale. */}
          <Button component={Link} to="/" reloadDocument variant="default">
            Go to the start page
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
  return fullPage ? (
    <Center mih="100vh" p="md" component="main">
      {body}
    </Center>
  ) : (
    body
  );
}
