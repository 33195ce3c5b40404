'use strict';

// restify 11 requires spdy when it loads and calls it only for a server created with the `spdy` option (HTTP/2 over
// TLS), which voiceops never passes: its TLS ends at the platform's front end (App Service, a proxy). Real spdy
// cannot load on Node.js 24 (process.binding('http_parser') is gone), so this stub takes its place and says why if
// anything ever asks for it.
function createServer() {
  throw new Error(
    "restify's spdy option (HTTP/2) is not available in voiceops: serve HTTP/1.1 and terminate TLS in front of the bot.",
  );
}

module.exports = { createServer };
