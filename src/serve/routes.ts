/**
 * Every address the server answers, one line each: method, pattern, handler. Experiments and
 * runs are looked up by name among those found on disk, so a name never becomes a path;
 * result files go through fileUnder (safe-path.ts) and nothing else.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { modelFileOf } from '../model/files.js';
import { MODEL_JSON } from '../model/format.js';
import { hasSavedModel } from '../model/saved-files.js';
import { runFolderPath } from '../results/run-folder.js';
import { sendError, sendHtml, sendJson, sendResultFile, streamFile, readBody } from './answers.js';
import { allRuns, comparison, experimentDetail, experimentList } from './api.js';
import { ASSETS } from './assets.js';
import { MAX_DRAWING_BYTES, readDrawing } from './drawing.js';
import type { EventHub } from './events.js';
import { findExperiment, readExperiment } from './experiments.js';
import { serveMessages as m } from './messages.js';
import { page } from './pages.js';
import { fileUnder, isUnder } from './safe-path.js';

export interface Context {
  root: string;
  events: EventHub;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The pattern's captures, decoded. */
  params: string[];
}

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle(context: Context): void | Promise<void>;
}

const NAME = '([^/]+)';

export const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/$/, handle: ({ res }) => sendHtml(res, page({ title: 'Experiments', script: 'index.js' })) },
  { method: 'GET', pattern: /^\/compare$/, handle: ({ res }) => sendHtml(res, page({ title: 'Compare runs', script: 'compare.js', charts: true })) },
  {
    method: 'GET', pattern: new RegExp(`^/experiments/${NAME}$`),
    handle: ({ root, res, params: [id] }) => {
      if (!findExperiment(root, id)) return sendError(res, 404, m.noSuchExperiment(id));
      sendHtml(res, page({ title: id, script: 'experiment.js', charts: true, data: { experiment: id } }));
    },
  },
  {
    method: 'GET', pattern: new RegExp(`^/experiments/${NAME}/runs/${NAME}/draw$`),
    handle: ({ root, res, params: [id, run] }) => {
      const found = runOf(root, id, run);
      if ('error' in found) return sendError(res, 404, found.error);
      sendHtml(res, page({ title: `Draw a digit for ${id}/${run}`, script: 'draw.js', data: { experiment: id, run } }));
    },
  },
  { method: 'GET', pattern: /^\/api\/experiments$/, handle: ({ root, res }) => sendJson(res, experimentList(root)) },
  { method: 'GET', pattern: /^\/api\/runs$/, handle: ({ root, res }) => sendJson(res, allRuns(root)) },
  { method: 'GET', pattern: /^\/api\/compare$/, handle: ({ root, res, url }) => sendJson(res, comparison(root, url.searchParams.getAll('run'))) },
  {
    method: 'GET', pattern: new RegExp(`^/api/experiments/${NAME}$`),
    handle: ({ root, res, params: [id] }) => {
      const detail = experimentDetail(root, id);
      if (!detail) return sendJson(res, { error: m.noSuchExperiment(id) }, 404);
      sendJson(res, detail);
    },
  },
  {
    method: 'GET', pattern: new RegExp(`^/api/experiments/${NAME}/events$`),
    handle: ({ root, events, res, params: [id] }) => {
      const folder = findExperiment(root, id);
      if (!folder) return sendJson(res, { error: m.noSuchExperiment(id) }, 404);
      events.listen(id, folder.dir, res);
    },
  },
  {
    method: 'POST', pattern: new RegExp(`^/api/experiments/${NAME}/runs/${NAME}/read$`),
    handle: async ({ root, req, res, params: [id, run] }) => {
      const found = runOf(root, id, run);
      if ('error' in found) return sendJson(res, found, 404);
      const body = await readBody(req, MAX_DRAWING_BYTES);
      if (body === null) return sendJson(res, { error: m.drawingTooLarge(MAX_DRAWING_BYTES) }, 413);
      try {
        sendJson(res, readDrawing(found.dir, body));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        sendJson(res, { error: error.message }, 422);
      }
    },
  },
  {
    method: 'GET', pattern: /^\/files\/(.*)$/,
    handle: ({ root, res, url }) => {
      // the raw path, still %-encoded: fileUnder decodes it once and refuses what leaves the folder
      const file = fileUnder(root, url.pathname.slice('/files/'.length));
      if (file === null) return sendError(res, 404, m.notFound);
      sendResultFile(res, file);
    },
  },
  {
    method: 'GET', pattern: new RegExp(`^/static/${NAME}$`),
    handle: ({ res, params: [name] }) => {
      const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name]() : null;
      if (asset === null) return sendError(res, 404, m.notFound);
      streamFile(res, asset[0], `${asset[1]}; charset=utf-8`);
    },
  },
];

/** The folder of a run with a model, or why there is none (a message for the 404). */
function runOf(root: string, id: string, run: string): { dir: string } | { error: string } {
  const folder = findExperiment(root, id);
  if (!folder) return { error: m.noSuchExperiment(id) };
  const result = readExperiment(folder).results.find((r) => r.run.id === run);
  if (!result) return { error: m.noSuchRun(id, run) };
  if (result.status !== 'completed') return { error: m.noModel(run, result.status) };
  const dir = runFolderPath(folder.dir, run);
  // a model file a symbolic link leads to outside the results folder is as good as absent
  const outside = [modelFileOf(dir), join(dir, MODEL_JSON)].some((path) => existsSync(path) && !isUnder(root, path));
  return hasSavedModel(dir) && !outside ? { dir } : { error: m.modelLeftOut(run) };
}
