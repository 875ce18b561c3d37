/**
 * The page a browser gets for a replay link that does not work (wrong token, sharing turned off, unknown session):
 * a short explanation and a link home instead of raw JSON. Static text only (nothing from the request is echoed), so
 * it cannot carry an injection. Revoked and never-shared links look the same (status 404): the share row is deleted
 * when sharing is turned off, and telling them apart would reveal that a session exists.
 */
export function notSharedPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <meta name="robots" content="noindex">
  <title>Replay not available · tunechat</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 15vh auto; padding: 0 1.25rem; color: #1f2328; line-height: 1.5; }
    h1 { font-size: 1.4rem; }
    a { color: #0969da; }
  </style>
</head>
<body>
  <main>
    <h1>This replay is not available</h1>
    <p>The link is wrong, or its owner turned sharing off (a shared link stops working at once when sharing ends).</p>
    <p>Ask the person who shared it for a new link.</p>
    <p><a href="/">Go to tunechat</a></p>
  </main>
</body>
</html>
`;
}
