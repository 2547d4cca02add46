import {
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Typography,
} from '@mantine/core';
import { useState } from 'react';
import type { Message, Thread } from '../../../contracts/messaging';
import { apiUrl } from '../../app/api';
import { can } from '../../app/permissions';
import { useUser } from '../../app/session';
import { notifyError } from '../../components/form-errors';
import { QueryState } from '../../components/QueryState';
import { formatInstant } from '../../components/reference-data';
import { useDeleteMessage, useEditMessage, useMessages, usePostMessage } from './api';

function MessageItem({ message, engagementId }: { message: Message; engagementId: string }) {
  const user = useUser();
  const edit = useEditMessage(engagementId);
  const remove = useDeleteMessage(engagementId);
  const [editing, setEditing] = useState<string | null>(null);
  const mine = message.authorId === user.id;
  const moderator = user.role === 'owner' || user.role === 'admin';
  if (message.deletedAt)
    return (
      <Text size="sm" c="dimmed" fs="italic" data-testid="message-deleted">
        Message deleted {formatInstant(message.deletedAt)}
      </Text>
    );
  return (
    <Paper withBorder p="sm" data-testid="message">
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          {message.authorName}
        </Text>
        <Text size="xs" c="dimmed">
          {formatInstant(message.createdAt)}
          {message.editedAt ? ' · edited' : ''}
        </Text>
      </Group>
      {editing !== null ? (
        <Stack gap="xs">
          <Textarea
            aria-label="Edit message"
            autosize
            minRows={2}
            value={editing}
            onChange={(e) => setEditing(e.currentTarget.value)}
          />
          <Group gap="xs">
            <Button
              size="xs"
              loading={edit.isPending}
              onClick={() =>
                edit.mutate(
                  { id: message.id, body: editing },
                  { onSuccess: () => setEditing(null), onError: (e) => notifyError(e) },
                )
              }
            >
              Save
            </Button>
            <Button size="xs" variant="default" onClick={() => setEditing(null)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      ) : (
        // The server renders Markdown with raw HTML escaped and unsafe links dropped.
        <Typography fz="sm">
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server (markdown-it, html: false) */}
          <div dangerouslySetInnerHTML={{ __html: message.html }} />
        </Typography>
      )}
      {message.attachments.length ? (
        <Group gap="xs" mt="xs">
          <Text size="xs" c="dimmed">
            Attachments:
          </Text>
          {message.attachments.map((a) => (
            <Anchor key={a.id} href={apiUrl(`/files/${a.id}`)} size="xs">
              {a.name}
            </Anchor>
          ))}
        </Group>
      ) : null}
      {editing === null && (mine || moderator) ? (
        <Group gap="xs" mt="xs">
          {mine ? (
            <Button size="compact-xs" variant="subtle" onClick={() => setEditing(message.body)}>
              Edit
            </Button>
          ) : null}
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={() => remove.mutate(message.id, { onError: (e) => notifyError(e) })}
          >
            Delete
          </Button>
        </Group>
      ) : null}
    </Paper>
  );
}

function Composer({ thread, engagementId }: { thread: Thread; engagementId: string }) {
  const postMessage = usePostMessage(engagementId, thread.id);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const send = () =>
    postMessage.mutate(
      { body, files },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
        },
        onError: (e) => notifyError(e, 'The message was not sent'),
      },
    );
  return (
    <Stack gap="xs">
      <Textarea
        label="Reply"
        description="Markdown; mention people with @name or @email."
        autosize
        minRows={3}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      <Group align="flex-end">
        <FileInput
          label="Attachments"
          multiple
          clearable
          value={files}
          onChange={setFiles}
          placeholder="Add files"
          w={260}
        />
        <Button onClick={send} disabled={!body.trim()} loading={postMessage.isPending}>
          Send
        </Button>
      </Group>
    </Stack>
  );
}

/** One thread: its messages, a search, and the composer (for roles that may write). */
export function ThreadView({ thread, engagementId }: { thread: Thread; engagementId: string }) {
  const user = useUser();
  const [q, setQ] = useState('');
  const messages = useMessages(engagementId, thread.id, q.trim());
  const canWrite = can(user, 'message', 'create');
  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={4} data-testid="thread-title">
            {thread.title}
          </Title>
          <Badge color={thread.visibility === 'internal' ? 'gray' : 'teal'} variant="light">
            {thread.visibility === 'internal' ? 'Internal' : 'Shared with vendor'}
          </Badge>
        </Group>
        <TextInput
          placeholder="Search this thread"
          aria-label="Search messages"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
      </Group>
      <QueryState query={messages} what="Thread">
        {(page) =>
          page.items.length === 0 ? (
            <Text c="dimmed" size="sm">
              {q ? 'No message contains this text.' : 'No messages yet. Write the first one below.'}
            </Text>
          ) : (
            <Stack gap="xs">
              {page.items.map((m) => (
                <MessageItem key={m.id} message={m} engagementId={engagementId} />
              ))}
            </Stack>
          )
        }
      </QueryState>
      {canWrite ? <Composer thread={thread} engagementId={engagementId} /> : null}
    </Stack>
  );
}
