/**
 * A real OpenID provider (oidc-provider, the certified implementation) started in the test
 * process on a loopback port: clients registered by the test, people with e-mail, name and groups,
 * a plain sign-in form at /interaction/:uid (a browser fills it in; `signIn` posts it over HTTP),
 * consent granted with the sign-in, and RP-initiated logout.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface Person {
  email?: string;
  name?: string;
  groups?: string[];
}

export interface ClientSpec {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

export interface TestProvider {
  issuer: string;
  provider: Provider;
  people: Map<string, Person>;
  /** The next token answer carries this ID token instead of its own (a substituted token). */
  substituteNextIdToken(idToken: string): void;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startOidcProvider(clients: ClientSpec[]): Promise<TestProvider> {
  let handler: (req: IncomingMessage, res: import('node:http').ServerResponse) => void = () => {};
  const server: Server = createServer((req, res) => handler(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const people = new Map<string, Person>();
  let substitute: string | null = null;

  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    pkce: { methods: ['S256'], required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['outpost-test-provider-cookie-key'] },
    async findAccount(_ctx: unknown, sub: string) {
      const person = people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email_verified: true, ...person };
        },
      };
    },
  });
  // A token answer whose ID token the test swapped for another one the same provider signed.
  provider.use(async (ctx, next) => {
    await next();
    if (substitute && ctx.path === '/token' && ctx.body && typeof ctx.body === 'object') {
      ctx.body = { ...(ctx.body as object), id_token: substitute };
      substitute = null;
    }
  });
  const callback = provider.callback();

  handler = (req, res) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '');
    if (!match) return callback(req, res);
    (async () => {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          `<!doctype html><title>Test identity provider</title><h1>Sign in at the test provider</h1>` +
            `<form method="post" action="/interaction/${escapeHtml(details.uid)}">` +
            `<label>Account <input name="login" autofocus></label><button type="submit">Continue</button></form>`,
        );
        return;
      }
      const accountId = (await readBody(req)).get('login') ?? '';
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } });
    })().catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  };

  return {
    issuer,
    provider,
    people,
    substituteNextIdToken(idToken) {
      substitute = idToken;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A cookie jar for one user agent talking to the provider over HTTP. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    take(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
      }
    },
  };
}

/**
 * Sign in at the provider as `accountId` over HTTP, from the authorization URL a client sent the
 * browser to, following the provider's own redirects; answers the URL the provider redirects back
 * to (the client's redirect URI with `code`, `state` and `iss`, or an `error`).
 */
export async function signInAtProvider(authorizationUrl: string, accountId: string): Promise<URL> {
  const cookies = jar();
  let url = new URL(authorizationUrl);
  const origin = url.origin;
  let body: URLSearchParams | undefined;
  for (let hops = 0; hops < 10; hops++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookies.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    cookies.take(res);
    body = undefined;
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url);
      if (url.origin !== origin) return url;
      continue;
    }
    if (res.status === 200 && url.pathname.startsWith('/interaction/')) {
      await res.text();
      body = new URLSearchParams({ login: accountId });
      continue;
    }
    throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${await res.text()}`);
  }
  throw new Error('too many redirects at the provider');
}
