/** Threads and messages per engagement: Markdown rendered without raw HTML, mentions, unread counts. */
import { z } from 'zod';
import { Instant, idOf, ListQuery } from './common';
import { StoredFile } from './files';

/** `internal` threads are never shown to vendor users; `shared` ones are, for their own vendor. */
export const Visibility = z.enum(['internal', 'shared']);
export type Visibility = z.infer<typeof Visibility>;

export const CreateThreadBody = z.strictObject({
  title: z.string().trim().min(1, { message: 'is required' }).max(200),
  visibility: Visibility,
});

export const Thread = z
  .object({
    id: idOf('thr'),
    engagementId: z.string().nullable(),
    vendorId: z.string(),
    title: z.string(),
    visibility: Visibility,
    createdBy: z.string(),
    createdAt: Instant,
    lastMessageAt: Instant.nullable(),
    messageCount: z.number().int(),
    /** Messages by others since the current user last read the thread. */
    unreadCount: z.number().int(),
  })
  .meta({ id: 'Thread' });
export type Thread = z.infer<typeof Thread>;

const Body = z.string().trim().min(1, { message: 'is required' }).max(20_000);

export const CreateMessageBody = z.strictObject({
  body: Body,
  /** Ids of files uploaded with POST /files; each becomes part of this message. */
  attachments: z.array(idOf('fil')).max(10).default([]),
});
export const UpdateMessageBody = z.strictObject({ body: Body });

export const Mention = z.object({ userId: z.string(), name: z.string() });

export const Message = z
  .object({
    id: idOf('msg'),
    threadId: z.string(),
    authorId: z.string(),
    authorName: z.string(),
    /** The Markdown as written; empty once deleted. */
    body: z.string(),
    /** The sanitised HTML of the body: no raw HTML, only safe links. */
    html: z.string(),
    attachments: z.array(StoredFile.pick({ id: true, name: true, size: true, contentType: true })),
    mentions: z.array(Mention),
    createdAt: Instant,
    editedAt: Instant.nullable(),
    deletedAt: Instant.nullable(),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof Message>;

export const MessageListQuery = ListQuery.extend({
  /** Only messages whose text contains this (case-insensitive, taken literally). */
  q: z.string().trim().min(1).max(200).optional(),
});
export const ThreadListQuery = ListQuery;
