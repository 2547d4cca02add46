import type { z } from 'zod';
import type {
  CreateMessageBody,
  CreateThreadBody,
  Message,
  MessageListQuery,
  Thread,
  ThreadListQuery,
  Visibility,
} from '../../../contracts/messaging';
import type { Database, Executor } from '../../db/database';
import { fromJson, toJson } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { MessageRow } from '../../db/schema';
import { conflict, forbidden, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize, isInternal, type Scope } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import type { PublishInput } from '../events/service';
import type { FileAttachments } from '../files/service';
import * as repo from './repository';
import { type Candidate, renderMarkdown, resolveMentions } from './rules';

export interface MessagingDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  /** An engagement as the actor may see it (404 otherwise). */
  loadEngagement: (tx: Executor, actor: Actor, id: string) => Promise<{ id: string; vendorId: string }>;
  files: FileAttachments;
  /** Users who may read a thread, for resolving @mentions. */
  mentionable: (tx: Executor, vendorId: string | null) => Promise<Candidate[]>;
  /** Publish a domain event inside the causing transaction (the event bus). */
  publish?: (tx: Executor, input: PublishInput) => Promise<unknown>;
}

const toThread = (r: repo.ThreadWithCounts): Thread => ({
  id: r.id,
  engagementId: r.engagementId,
  vendorId: r.vendorId,
  title: r.title,
  visibility: r.visibility as Visibility,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  lastMessageAt: r.lastMessageAt,
  messageCount: Number(r.messageCount ?? 0),
  unreadCount: Number(r.unreadCount ?? 0),
});

const toMessage = (m: MessageRow): Message => ({
  id: m.id,
  threadId: m.threadId,
  authorId: m.authorId,
  authorName: m.authorName,
  body: m.body,
  html: m.html,
  attachments: fromJson(m.attachments, []),
  mentions: fromJson(m.mentions, []),
  createdAt: m.createdAt,
  editedAt: m.editedAt,
  deletedAt: m.deletedAt,
});

/** Threads and messages; a vendor user reaches only shared threads of their own vendor. */
export function createMessagingService({
  db,
  audit,
  clock,
  loadEngagement,
  files,
  mentionable,
  publish,
}: MessagingDeps) {
  const now = () => clock.now().toISOString();

  async function loadThread(tx: Executor, scope: Scope, id: string) {
    const thread = await repo.findThread(tx, scope, id);
    if (!thread) throw notFound('thread');
    return thread;
  }

  /** A message and its thread, as the actor may see them. */
  async function loadMessage(tx: Executor, scope: Scope, id: string) {
    const message = await repo.findMessage(tx, id);
    const thread = message ? await repo.findThread(tx, scope, message.threadId) : undefined;
    if (!message || !thread) throw notFound('message');
    return { message, thread };
  }

  const people = (thread: { visibility: string; vendorId: string }) =>
    mentionable(db, thread.visibility === 'shared' ? thread.vendorId : null);

  async function threadDto(tx: Executor, actor: Actor, scope: Scope, id: string) {
    const [row] = await repo.listThreads(tx, scope, { threadId: id }, actor.id, 1);
    if (!row) throw notFound('thread');
    return toThread(row);
  }

  return {
    countForVendor: repo.countForVendor,

    /**
     * The caller's threads across engagements and vendors, latest activity first, with message and
     * unread counts, and the unread totals (the inbox view): the same visibility and unread rules
     * as every thread list.
     */
    async inbox(actor: Actor, limit: number) {
      const scope = authorize(actor, 'thread', 'read');
      const [rows, totals] = await Promise.all([
        repo.inboxThreads(db, scope, actor.id, limit),
        repo.inboxTotals(db, scope, actor.id),
      ]);
      return { rows, totals };
    },

    /** A thread's visibility and who took part (its creator and every author), for notifications. */
    async audience(tx: Executor, threadId: string) {
      const thread = await repo.findThread(tx, { vendorId: null }, threadId);
      if (!thread) return undefined;
      const authors = await repo.authorsOf(tx, threadId);
      return {
        id: thread.id,
        title: thread.title,
        visibility: thread.visibility,
        vendorId: thread.vendorId,
        participantIds: [...new Set([thread.createdBy, ...authors])],
      };
    },

    async createThread(actor: Actor, engagementId: string, body: z.infer<typeof CreateThreadBody>) {
      const scope = authorize(actor, 'thread', 'create');
      return db.transaction().execute(async (tx) => {
        const engagement = await loadEngagement(tx, actor, engagementId);
        if (!isInternal(actor) && body.visibility !== 'shared')
          throw invalid([{ field: 'visibility', message: 'must be shared for vendor users' }]);
        const row = {
          id: newId('thr'),
          engagementId: engagement.id,
          vendorId: engagement.vendorId,
          title: body.title,
          visibility: body.visibility,
          createdBy: actor.id,
          createdAt: now(),
          lastMessageAt: null,
        };
        await repo.insertThread(tx, row);
        await audit.record(tx, actor, {
          action: 'thread.create',
          entityType: 'engagement',
          entityId: engagement.id,
          changes: diff(null, { threadId: row.id, title: row.title, visibility: row.visibility }),
        });
        return threadDto(tx, actor, scope, row.id);
      });
    },

    async listThreads(actor: Actor, engagementId: string, query: z.infer<typeof ThreadListQuery>) {
      const scope = authorize(actor, 'thread', 'read');
      await loadEngagement(db, actor, engagementId);
      const rows = await repo.listThreads(db, scope, { engagementId }, actor.id, query.limit, query.cursor);
      return toPage(rows, query.limit, (r) => [r.createdAt, r.id], toThread);
    },

    async getThread(actor: Actor, id: string) {
      return threadDto(db, actor, authorize(actor, 'thread', 'read'), id);
    },

    async postMessage(actor: Actor, threadId: string, body: z.infer<typeof CreateMessageBody>) {
      const scope = authorize(actor, 'message', 'create');
      // Mentions read the user directory, outside the transaction (one connection on SQLite).
      const candidates = await people(await loadThread(db, scope, threadId));
      return db.transaction().execute(async (tx) => {
        const thread = await loadThread(tx, scope, threadId);
        const id = newId('msg');
        const attachments = [];
        for (const [i, fileId] of body.attachments.entries()) {
          const file = await files.get(tx, fileId);
          if (!file || (!isInternal(actor) && file.vendorId !== actor.vendorId) || file.entityType)
            throw invalid([{ field: `attachments.${i}`, message: 'is not a file you uploaded for this' }]);
          // Files of an internal thread stay invisible to vendor users.
          const owner = {
            entityType: 'message',
            entityId: id,
            vendorId: thread.visibility === 'shared' ? thread.vendorId : null,
          };
          const f = await files.attach(tx, fileId, owner);
          attachments.push({ id: f.id, name: f.name, size: f.size, contentType: f.contentType });
        }
        const at = now();
        const row: MessageRow = {
          id,
          threadId,
          authorId: actor.id,
          authorName: actor.name,
          body: body.body,
          html: renderMarkdown(body.body),
          attachments: toJson(attachments),
          mentions: toJson(resolveMentions(body.body, candidates)),
          createdAt: at,
          editedAt: null,
          deletedAt: null,
        };
        await repo.insertMessage(tx, row);
        await repo.touchThread(tx, threadId, at);
        await repo.markRead(tx, threadId, actor.id, at);
        await audit.record(tx, actor, {
          action: 'message.create',
          entityType: 'thread',
          entityId: threadId,
          changes: diff(null, { messageId: id, body: row.body, attachments: attachments.map((a) => a.id) }),
        });
        await publish?.(tx, {
          type: 'message.created',
          engagementId: thread.engagementId,
          vendorId: thread.vendorId,
          payload: {
            threadId,
            messageId: id,
            threadTitle: thread.title,
            visibility: thread.visibility,
            authorId: actor.id,
            authorName: actor.name,
            mentionIds: fromJson<Array<{ userId: string }>>(row.mentions, []).map((m) => m.userId),
            excerpt: body.body.length > 280 ? `${body.body.slice(0, 279)}…` : body.body,
            actorId: actor.id,
          },
        });
        return toMessage(row);
      });
    },

    /** A page of a thread's messages; reading them marks the thread read for the reader. */
    async listMessages(actor: Actor, threadId: string, query: z.infer<typeof MessageListQuery>) {
      const scope = authorize(actor, 'message', 'read');
      await loadThread(db, scope, threadId);
      const rows = await repo.listMessages(db, threadId, query.q, query.limit, query.cursor);
      if (!query.q) await repo.markRead(db, threadId, actor.id, now());
      return toPage(rows, query.limit, (r) => [r.createdAt, r.id], toMessage);
    },

    /** Only the author edits; the earlier text goes to the history. */
    async editMessage(actor: Actor, id: string, body: string) {
      const scope = authorize(actor, 'message', 'update');
      const { thread } = await loadMessage(db, scope, id);
      const candidates = await people(thread);
      return db.transaction().execute(async (tx) => {
        await repo.lockMessage(tx, id);
        const { message } = await loadMessage(tx, scope, id);
        if (message.authorId !== actor.id) throw forbidden('Only the author may edit a message.');
        if (message.deletedAt) throw conflict('This message was deleted; it cannot be edited.');
        const at = now();
        await repo.insertEdit(tx, {
          id: newId('med'),
          messageId: id,
          body: message.body,
          replacedAt: at,
          replacedBy: actor.id,
        });
        const next: MessageRow = {
          ...message,
          body,
          html: renderMarkdown(body),
          mentions: toJson(resolveMentions(body, candidates)),
          editedAt: at,
        };
        await repo.updateMessage(tx, id, {
          body: next.body,
          html: next.html,
          mentions: next.mentions,
          editedAt: at,
        });
        await audit.record(tx, actor, {
          action: 'message.update',
          entityType: 'thread',
          entityId: message.threadId,
          changes: { messageId: { after: id }, ...diff({ body: message.body }, { body }) },
        });
        return toMessage(next);
      });
    },

    /** The author, or an owner or administrator, deletes: a tombstone keeps the place and the time. */
    async deleteMessage(actor: Actor, id: string) {
      const scope = authorize(actor, 'message', 'delete');
      await db.transaction().execute(async (tx) => {
        await repo.lockMessage(tx, id);
        const { message } = await loadMessage(tx, scope, id);
        const moderator = actor.role === 'owner' || actor.role === 'admin';
        if (message.authorId !== actor.id && !moderator)
          throw forbidden('Only the author, an owner or an administrator may delete a message.');
        if (message.deletedAt) return;
        const at = now();
        await repo.updateMessage(tx, id, {
          body: '',
          html: '',
          mentions: '[]',
          attachments: '[]',
          deletedAt: at,
        });
        await audit.record(tx, actor, {
          action: 'message.delete',
          entityType: 'thread',
          entityId: message.threadId,
          changes: { messageId: { after: id }, ...diff({ body: message.body }, { body: null }) },
        });
      });
    },
  };
}

export type MessagingService = ReturnType<typeof createMessagingService>;
