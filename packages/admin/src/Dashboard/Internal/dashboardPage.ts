import script from '../assets/dashboard.js?raw';
// .css.txt, not .css: vitest turns every .css import into an empty string (its css option), ?raw included.
import styles from '../assets/dashboard.css.txt?raw';

/** The dashboard's script and stylesheet, served under `<prefix>/assets/`. */
export const dashboardAssets: Readonly<Record<string, { readonly type: string; readonly body: string }>> = {
  'dashboard.js': { type: 'text/javascript; charset=utf-8', body: script },
  'dashboard.css': { type: 'text/css; charset=utf-8', body: styles },
};

/**
 * The dashboard's one page: a shell that loads the script, which fetches everything else from the JSON API. It holds
 * no data and never the token (the operator types it into the page, which keeps it in sessionStorage).
 */
export function dashboardPage(title: string, prefix: string): string {
  const safeTitle = escapeHtml(title);
  const safePrefix = escapeHtml(prefix);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safeTitle} · Baton</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${safePrefix}/assets/dashboard.css">
</head>
<body data-prefix="${safePrefix}" data-title="${safeTitle}">
<noscript>The Baton dashboard needs JavaScript. The JSON API is at ${safePrefix}/api/workflows.</noscript>
<script src="${safePrefix}/assets/dashboard.js" defer></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
