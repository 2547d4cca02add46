import { Alert, Button, Code, CopyButton, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** A secret shown once, right after it is made: the warning, the secret, Copy and Done. */
export function SecretModal({
  title,
  secret,
  warning,
  testId,
  copyLabel,
  onClose,
}: {
  title: string;
  /** The secret; null keeps the modal closed. */
  secret: string | null;
  warning: ReactNode;
  testId: string;
  copyLabel: string;
  onClose: () => void;
}) {
  return (
    <Modal opened={secret !== null} onClose={onClose} title={title} size="lg">
      {secret !== null ? (
        <Stack>
          <Alert color="yellow" variant="light">
            {warning}
          </Alert>
          <Code block data-testid={testId}>
            {secret}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button color={copied ? 'teal' : undefined} onClick={copy}>
                  {copied ? 'Copied' : copyLabel}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              Done
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
