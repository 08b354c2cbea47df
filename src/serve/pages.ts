/** The pages' HTML: a shell each, filled in by its script from the JSON API (src/serve/static/). */

const CHART_LIBRARIES = ['vega.js', 'vega-lite.js', 'vega-embed.js'];

export interface PageOptions {
  title: string;
  /** The page's script in /static/. */
  script: string;
  /** Loads vega, vega-lite and vega-embed first. */
  charts?: boolean;
  /** data-* attributes of <main>, read by the script. */
  data?: Record<string, string>;
}

export function page({ title, script, charts = false, data = {} }: PageOptions): string {
  const scripts = [...(charts ? CHART_LIBRARIES : []), 'common.js', script];
  const attributes = Object.entries(data).map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - run-experiments</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<header><a class="home" href="/">run-experiments</a> <nav><a href="/">experiments</a> <a href="/compare">compare runs</a></nav></header>
<main id="app"${attributes}><h1>${escapeHtml(title)}</h1><p class="loading">loading...</p></main>
${scripts.map((s) => `<script src="/static/${s}"></script>`).join('\n')}
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
