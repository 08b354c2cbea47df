/**
 * Server-sent events: each experiment page listens on /api/experiments/<id>/events and hears
 * `change` when the experiment's files change. One watch per experiment, shared by its pages,
 * closed when the last one leaves.
 */
import type { ServerResponse } from 'node:http';
import { watchExperiment, type FolderWatch } from './watch.js';

export class EventHub {
  private readonly topics = new Map<string, { watch: FolderWatch; clients: Set<ServerResponse> }>();

  /** `res` hears a `change` each time `dir` changes, until it closes. */
  listen(id: string, dir: string, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    let topic = this.topics.get(id);
    if (!topic) {
      const clients = new Set<ServerResponse>();
      topic = { clients, watch: watchExperiment(dir, () => this.tell(id)) };
      this.topics.set(id, topic);
    }
    topic.clients.add(res);
    // the page knows from here on that any change reaches it
    res.write('event: ready\ndata: {}\n\n');
    res.on('close', () => this.leave(id, res));
  }

  /** Ends every stream and watch (the server is closing). */
  close(): void {
    for (const [id, topic] of this.topics) {
      for (const res of topic.clients) res.end();
      topic.watch.close();
      this.topics.delete(id);
    }
  }

  private tell(id: string): void {
    for (const res of this.topics.get(id)?.clients ?? []) res.write(`event: change\ndata: ${JSON.stringify({ experiment: id })}\n\n`);
  }

  private leave(id: string, res: ServerResponse): void {
    const topic = this.topics.get(id);
    if (!topic) return;
    topic.clients.delete(res);
    if (topic.clients.size > 0) return;
    topic.watch.close();
    this.topics.delete(id);
  }
}
