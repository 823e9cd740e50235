// An OAuth2 client-credentials server for the interop tests: oidc-provider (OpenID-certified)
// with one service-account client, its token and revocation endpoints where Atlas has them
// (/api/oauth/token, /api/oauth/revoke), and a small protected /api/atlas/v2/* that accepts only
// tokens the provider issued and that have not expired. GET /stats counts token requests.
//
// Usage: node oauth-server.mjs PORT   (env: OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_TTL seconds)
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const clientId = process.env.OAUTH_CLIENT_ID;
const clientSecret = process.env.OAUTH_CLIENT_SECRET;
const ttl = Number(process.env.OAUTH_TTL || '2');
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
  },
  routes: { token: '/api/oauth/token', revocation: '/api/oauth/revoke', introspection: '/api/oauth/introspect' },
  ttl: { ClientCredentials: ttl },
});

const stats = { tokenRequests: 0, issued: 0, apiCalls: 0, refused: 0 };
const callback = provider.callback();

function answer(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function protectedApi(request, response) {
  stats.apiCalls += 1;
  const header = request.headers.authorization || '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  const found = token ? await provider.ClientCredentials.find(token) : undefined;
  if (!found || found.isExpired) {
    stats.refused += 1;
    answer(response, 401, { error: 401, errorCode: 'UNAUTHORIZED', reason: 'Unauthorized', detail: 'token expired or invalid' });
    return;
  }
  answer(response, 200, { ok: true, clientId: found.clientId });
}

provider.on('client_credentials.saved', () => { stats.issued += 1; });

http.createServer((request, response) => {
  if (request.url === '/stats') {
    answer(response, 200, stats);
  } else if (request.url.startsWith('/api/atlas/v2/')) {
    protectedApi(request, response).catch(() => answer(response, 500, { error: 500, errorCode: 'UNEXPECTED_ERROR' }));
  } else {
    if (request.method === 'POST' && request.url.startsWith('/api/oauth/token')) {
      stats.tokenRequests += 1;
    }
    callback(request, response);
  }
}).listen(port, '127.0.0.1', () => console.log(`oauth server listening on ${issuer}`));
