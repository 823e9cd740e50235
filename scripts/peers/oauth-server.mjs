// OAuth2 client-credentials peer for the interop tests, built on oidc-provider (OpenID-certified).
//   POST /api/oauth/token       client_credentials grant, client_secret_basic, opaque tokens
//   POST /api/oauth/revoke      revocation;  POST /api/oauth/introspect  introspection
//   ANY  /api/atlas/v2/*        a stand-in protected API: 200 {"ok":true} for a live token,
//                               401 in Atlas's error shape for a missing, unknown or expired one
//   GET  /stats                 counters, e.g. {"tokenRequests":N,"tokens":N,"issued":N,...},
//                               and tokenRequestTimes: when each token request arrived (ms, this server's clock)
// Environment: OAUTH_PORT, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_TTL (token lifetime in
// seconds, default 2), PEERS_NODE_DIR (the npm prefix holding oidc-provider, i.e. .peers/node).
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const port = Number(env('OAUTH_PORT'));
const clientId = env('OAUTH_CLIENT_ID');
const clientSecret = env('OAUTH_CLIENT_SECRET');
const ttl = Number(env('OAUTH_TTL', '2'));

// oidc-provider lives in the project-local npm prefix, not next to this file.
const nodeDir = path.resolve(env('PEERS_NODE_DIR'));
const entry = createRequire(path.join(nodeDir, 'package.json')).resolve('oidc-provider');
const { default: Provider } = await import(pathToFileURL(entry).href);

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    devInteractions: { enabled: false },
    // No resource indicator in the request means no resource server: the token is then opaque
    // and needs no `scope` (this is the library's default, spelled out here).
    resourceIndicators: { enabled: true, defaultResource: () => undefined },
  },
  routes: {
    token: '/api/oauth/token',
    revocation: '/api/oauth/revoke',
    introspection: '/api/oauth/introspect',
  },
  ttl: { ClientCredentials: ttl },
});

const stats = {
  tokenRequests: 0, tokens: 0, issued: 0, refusedTokenRequests: 0, apiCalls: 0, apiRefused: 0,
  tokenRequestTimes: [],
};
provider.on('client_credentials.saved', () => { stats.issued += 1; });
provider.on('grant.error', () => { stats.refusedTokenRequests += 1; });

const sendJson = (response, status, body) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

// The protected API: a token is good while the provider knows it (not revoked, not unknown) and
// it has not expired. Client-credentials tokens are ClientCredentials, not AccessToken, models;
// find() alone still returns a token up to clockTolerance (15 s) past its expiry, hence isValid.
async function protectedApi(request, response) {
  stats.apiCalls += 1;
  request.resume();
  const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
  const token = match ? await provider.ClientCredentials.find(match[1]) : undefined;
  if (!token?.isValid) {
    stats.apiRefused += 1;
    sendJson(response, 401, {
      error: 401, errorCode: 'UNAUTHORIZED', reason: 'Unauthorized', detail: 'token expired or invalid',
    });
    return;
  }
  sendJson(response, 200, { ok: true });
}

const callback = provider.callback();
const server = http.createServer((request, response) => {
  const { pathname } = new URL(request.url, issuer);
  if (pathname === '/stats' && request.method === 'GET') {
    sendJson(response, 200, stats);
  } else if (pathname.startsWith('/api/atlas/v2/')) {
    protectedApi(request, response).catch((error) => {
      console.error(error);
      sendJson(response, 500, { error: 500, errorCode: 'UNEXPECTED_ERROR', reason: 'Internal Server Error' });
    });
  } else {
    if (pathname === '/api/oauth/token' && request.method === 'POST') {
      stats.tokenRequests += 1;
      stats.tokens = stats.tokenRequests;
      stats.tokenRequestTimes.push(performance.timeOrigin + performance.now());
    }
    callback(request, response);
  }
});
server.listen(port, '127.0.0.1', () => console.log(`oauth peer listening on ${issuer} (token ttl ${ttl}s)`));
