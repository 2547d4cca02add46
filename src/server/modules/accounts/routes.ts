import { z } from 'zod';
import {
  ApiToken,
  ChangePasswordBody,
  CreatedToken,
  CreateTokenBody,
  CreateUserBody,
  LoginBody,
  LoginResponse,
  MeResponse,
  PasswordChanged,
  SetupBody,
  SetupStatus,
  UpdateUserBody,
  User,
  UserListQuery,
} from '../../../contracts/accounts';
import { IdParams, page } from '../../../contracts/common';
import { LogoutAnswer } from '../../../contracts/identity';
import { grantsOf } from '../../../contracts/policy';
import { actorOf, type ModuleOptions, metaOf, SESSION_COOKIE, sendSession, type ZodApp } from '../../http';

export async function accountRoutes(app: ZodApp, { services, config }: ModuleOptions) {
  const accounts = services.accounts;

  app.get(
    '/setup',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary: 'Does Outpost still need its owner account?',
        response: { 200: SetupStatus },
      },
    },
    async () => ({ needsSetup: await accounts.needsSetup() }),
  );

  app.post(
    '/setup',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary: 'Create the owner account (only while no user exists)',
        body: SetupBody,
        response: { 201: User },
      },
    },
    async (request, reply) => reply.status(201).send(await accounts.setup(request.body, metaOf(request))),
  );

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in; sets the session cookie',
        body: LoginBody,
        response: { 200: LoginResponse },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const result = await accounts.login(email, password, metaOf(request), request.cookies[SESSION_COOKIE]);
      return sendSession(reply, config, result);
    },
  );

  app.post(
    '/auth/logout',
    {
      // A vendor user's sign-out answers the end-session URL of the vendor's own provider at most.
      config: { vendor: 'same' },
      schema: {
        tags: ['accounts'],
        summary:
          'Sign out; ends this session. A session from single sign-on whose provider supports RP-initiated logout answers 200 with the provider’s end-session URL to open',
        response: { 200: LogoutAnswer, 204: z.undefined() },
      },
    },
    async (request, reply) => {
      const sessionId = request.sessionId ?? undefined;
      const endSessionUrl = sessionId ? await accounts.sso.endSessionUrl(sessionId) : null;
      await accounts.logout(actorOf(request), sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return endSessionUrl ? reply.status(200).send({ endSessionUrl }) : reply.status(204).send();
    },
  );

  app.get(
    '/me',
    {
      config: { vendor: 'same' },
      schema: { tags: ['accounts'], summary: 'The signed-in user', response: { 200: MeResponse } },
    },
    async (request) => ({
      user: await accounts.me(actorOf(request)),
      csrfToken: request.csrfToken,
      via: request.authVia ?? 'session',
      scope: request.actor?.tokenScope ?? null,
      permissions: grantsOf(actorOf(request).role, request.actor?.tokenScope),
    }),
  );

  app.post(
    '/me/password',
    {
      config: { sessionOnly: true, vendor: 'same' },
      schema: {
        tags: ['accounts'],
        summary:
          'Change one’s own password (from a signed-in session); other sessions end. Answers the API tokens that still work, and those revoked with `revokeTokens`',
        body: ChangePasswordBody,
        response: { 200: PasswordChanged },
      },
    },
    async (request) =>
      accounts.changePassword(actorOf(request), request.body, request.sessionId ?? undefined),
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List users',
        querystring: UserListQuery,
        response: { 200: page(User) },
      },
    },
    async (request) => accounts.listUsers(actorOf(request), request.query),
  );
  app.post(
    '/users',
    { schema: { tags: ['users'], summary: 'Create a user', body: CreateUserBody, response: { 201: User } } },
    async (request, reply) =>
      reply.status(201).send(await accounts.createUser(actorOf(request), request.body)),
  );
  app.get(
    '/users/:id',
    { schema: { tags: ['users'], summary: 'One user', params: IdParams, response: { 200: User } } },
    async (request) => accounts.getUser(actorOf(request), request.params.id),
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user’s name, role, vendor or disabled flag',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User },
      },
    },
    async (request) => accounts.updateUser(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/tokens',
    {
      config: { sessionOnly: true, vendor: 'same' },
      schema: {
        tags: ['tokens'],
        summary:
          'Create an API token with a scope, `read` or `write` (the secret is shown once; from a signed-in session only)',
        body: CreateTokenBody,
        response: { 201: CreatedToken },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await accounts.createToken(actorOf(request), request.body)),
  );
  app.get(
    '/tokens',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['tokens'],
        summary: 'My API tokens',
        response: { 200: z.object({ items: z.array(ApiToken) }) },
      },
    },
    async (request) => ({ items: await accounts.listTokens(actorOf(request)) }),
  );
  app.delete(
    '/tokens/:id',
    {
      config: { sessionOnly: true, vendor: 'same' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token (from a signed-in session only)',
        params: IdParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await accounts.revokeToken(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
