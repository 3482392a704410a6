import http from 'node:http';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One signed-in staff member's browser, reduced to what load needs: a single keep-alive
 * connection to the API on the loopback interface and the session cookie.
 */
export class StaffClient {
  // One socket, as one browser tab sends one search at a time.
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private cookie = '';
  private csrfToken = '';

  constructor(private readonly port: number) {}

  /** Signs in through `POST /api/session`, as the console does, and keeps the session cookie. */
  async signIn(username: string, password: string): Promise<void> {
    const body = JSON.stringify({ username, password });
    const answer = await this.send('POST', '/api/session', { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, body);
    const cookie = answer.headers['set-cookie']?.[0]?.split(';')[0];
    if (answer.status !== 201 || !cookie) throw new Error(`Sign-in failed: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    this.cookie = cookie;
    this.csrfToken = (JSON.parse(answer.body) as { csrfToken: string }).csrfToken;
  }

  /** The `Cookie` header value of the signed-in session, for load generators sending as this client. */
  get sessionCookie(): string {
    return this.cookie;
  }

  /** POSTs JSON with the session's CSRF token; answers the parsed body, or throws unless `expected` status. */
  async post<T>(path: string, payload: unknown, expected = 201): Promise<T> {
    const body = JSON.stringify(payload);
    const answer = await this.send(
      'POST',
      path,
      {
        Cookie: this.cookie,
        'X-CSRF-Token': this.csrfToken,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        Accept: 'application/json',
      },
      body,
    );
    if (answer.status !== expected) throw new Error(`POST ${path}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    return JSON.parse(answer.body) as T;
  }

  /** GETs `path` and returns the body; any status but 200 is an error, so a broken run cannot pass for a fast one. */
  async get(path: string): Promise<string> {
    const answer = await this.send('GET', path, { Cookie: this.cookie, Accept: 'application/json' });
    if (answer.status !== 200) throw new Error(`GET ${path.split('?')[0]}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    return answer.body;
  }

  close(): void {
    this.agent.destroy();
  }

  private send(method: string, path: string, headers: http.OutgoingHttpHeaders, body?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  }
}
