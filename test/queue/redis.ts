/**
 * A redis-server of the test's own: a free loopback port (redis has no `--port 0`: we bind
 * a socket to port 0, read the port the system gave, and free it), a temporary folder, a
 * password, stopped afterwards. Restartable on the same port and folder, its data saved.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PASSWORD = 'pw-Zq8rT3xV-not-in-logs';

/** Why the queue tests are skipped here, or null when redis-server is installed. */
export const noRedis: string | null =
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0 ? null : 'redis-server is not installed (apt-get install redis-server)';

export interface TestRedis {
  port: number;
  /** redis://:PASSWORD@127.0.0.1:PORT */
  url: string;
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

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-'));
  const port = await freePort();
  let child = await launch(port, dir);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    port,
    url: `redis://:${PASSWORD}@127.0.0.1:${port}`,
    async restart() {
      await stop();
      child = await launch(port, dir);
    },
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once redis says it accepts connections. */
function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--requirepass', PASSWORD,
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
