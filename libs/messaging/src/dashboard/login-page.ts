const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page a browser gets at the dashboard without a session: paste a token, get a cookie.
 * Plain HTML with no script, so the dashboard's CSP needs nothing more for it.
 */
export function loginPage(basePath: string, message?: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Lumbung queues: sign in</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1f2933; }
textarea { width: 100%; height: 8rem; font-family: monospace; }
.error { color: #b3261e; }
</style>
</head>
<body>
<h1>Queue dashboard</h1>
<p>Paste an operator's token (role <code>national-admin</code> or <code>service</code>).
It is exchanged for a session cookie that lasts 15 minutes and is sent to this dashboard only.</p>
${message ? `<p class="error">${escapeHtml(message)}</p>` : ''}
<form method="post" action="${escapeHtml(basePath)}/login">
<textarea name="token" required autocomplete="off" spellcheck="false" placeholder="eyJhbGciOi..."></textarea>
<p><button type="submit">Open the dashboard</button></p>
</form>
<p>Dead letters (events given up on) are listed at <code>GET /admin/dead-letters</code>.</p>
</body>
</html>`;
}
