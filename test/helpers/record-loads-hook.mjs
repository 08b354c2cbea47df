// The module hook of record-loads.mjs: runs on Node's loader thread, once per module loaded.
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  appendFileSync(process.env.RECORD_LOADS, `${url}\n`);
  return next(url, context);
}
