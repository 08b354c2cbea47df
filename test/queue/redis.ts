/**
 * A redis-server of the test's own: a free loopback port (redis has no `--port 0`: we bind
 * a socket to port 0, read the port the system gave, and free it), a temporary folder, a
 * password, stopped afterwards. Restartable on the same port and folder, its data saved.
 * With `tls`, it listens on TLS only (rediss://), with a certificate for 127.0.0.1 signed
 * by a throwaway CA made with openssl in its folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { processGroup } from '../helpers/command-line.js';

export const PASSWORD = 'pw-Zq8rT3xV-not-in-logs';

/** Why the queue tests are skipped here, or null when redis-server is installed. */
export const noRedis: string | null =
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0 ? null : 'redis-server is not installed (apt-get install redis-server)';

/** Why the TLS test is skipped here, or null when redis-server and openssl can do TLS. */
export const noTls: string | null = noRedis ?? tlsMissing();

function tlsMissing(): string | null {
  if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status !== 0) return 'openssl is not installed';
  // a TLS build fails on the missing certificate; one without TLS does not know the option
  const probe = spawnSync('redis-server', ['--port', '0', '--tls-port', '1', '--tls-cert-file', '/nonexistent', '--save', ''], { encoding: 'utf8', timeout: 10_000 });
  return /Failed to configure TLS/.test(`${probe.stdout}${probe.stderr}`) ? null : 'redis-server was built without TLS';
}

export interface TestRedis {
  port: number;
  /** redis://:PASSWORD@127.0.0.1:PORT, or rediss:// with `tls` */
  url: string;
  /** With `tls`: the CA certificate file that signed the server's (for NODE_EXTRA_CA_CERTS). */
  ca: string | null;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startRedis(options: { tls?: boolean } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-'));
  const port = await freePort();
  const tlsArgs = options.tls ? makeCertificates(dir) : null;
  const listen = tlsArgs ? ['--port', '0', '--tls-port', String(port), ...tlsArgs] : ['--port', String(port)];
  let child = await launch(listen, dir);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    port,
    url: `${tlsArgs ? 'rediss' : 'redis'}://:${PASSWORD}@127.0.0.1:${port}`,
    ca: tlsArgs ? join(dir, 'ca.crt') : null,
    async restart() {
      await stop();
      child = await launch(listen, dir);
    },
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A CA, and a server certificate for 127.0.0.1 it signs, in `dir`; redis-server's TLS options for them. */
function makeCertificates(dir: string): string[] {
  const openssl = (...args: string[]): void => {
    const made = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl ${args[0]} failed:\n${made.stderr}`);
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=run-experiments test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'san.ext');
  return ['--tls-cert-file', join(dir, 'server.crt'), '--tls-key-file', join(dir, 'server.key'), '--tls-ca-cert-file', join(dir, 'ca.crt'), '--tls-auth-clients', 'no'];
}

/** Resolves once redis says it accepts connections. */
function launch(listen: string[], dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', [
    ...listen, '--bind', '127.0.0.1', '--dir', dir, '--requirepass', PASSWORD,
    '--save', '3600 1', '--appendonly', 'no', '--daemonize', 'no',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${out}`)));
  });
}

/**
 * What a block of tests of the CLI on a queue needs: a redis-server started before its tests
 * (`url()`, once started), a scratch folder, and the CLI processes it starts; all ended after.
 */
export function queueBlock(name: string): { url(): string; scratch: string; processes: ReturnType<typeof processGroup> } {
  let redis: TestRedis | undefined;
  const scratch = mkdtempSync(join(tmpdir(), `${name}-`));
  const processes = processGroup();
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await processes.end();
    await redis?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });
  return { url: () => redis!.url, scratch, processes };
}
